package quantlab.finetune;

/** Thrown when the training loss stops being a finite number: training stops rather than continue on NaN. */
public final class TrainingDivergedException extends IllegalStateException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
