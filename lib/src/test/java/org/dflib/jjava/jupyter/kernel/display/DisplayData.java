package org.dflib.jjava.jupyter.kernel.display;

/** A stand-in with the constructor and method of JJava's DisplayData that the display bridge calls. */
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
