package io.github.spencerpark.jupyter.kernel.display;

/** A stand-in with the constructor and method of jupyter-jvm-basekernel's DisplayData that the bridge calls. */
public final class DisplayData {

    public final String text;
    public String html;

    public DisplayData(String text) {
        this.text = text;
    }

    public void putHTML(String html) {
        this.html = html;
    }
}
