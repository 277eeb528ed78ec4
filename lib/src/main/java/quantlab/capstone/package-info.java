/**
 * Chapter 14's capstone: the quantization workflow end to end in one call ({@link quantlab.capstone.Capstone#ship}),
 * producing an ONNX file, a manifest that pins it ({@link quantlab.capstone.Manifest}) and a decision memo written
 * from the measurements.
 */
package quantlab.capstone;
