/**
 * Chapters 6 and 7: the calibration data of GPTQ and AWQ. {@link quantlab.calibration.MobyDick} reads the openly
 * licensed text the set-up installs from the npm registry; {@link quantlab.calibration.CalibrationSet} picks a fixed
 * set of its paragraphs, tokenizes them and runs the Java encoder to collect each linear layer's inputs. The
 * evaluation sentences (data/sentences.tsv) are never calibration data.
 */
package quantlab.calibration;
