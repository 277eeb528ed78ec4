/**
 * Chapter 9, MQA and GQA measured: all-MiniLM-L6-v2's 12 key/value heads mean-pooled to fewer shared heads
 * (Ainslie et al. 2023), written as ONNX files, run by ONNX Runtime and compared with fp32
 * ({@link quantlab.attention.GqaConversion}).
 */
package quantlab.attention;
