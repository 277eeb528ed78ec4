package quantlab.grading.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Answer keys leave the student edition's notebooks; everything else stays as it was. */
class NotebookFilterTest {

    private static final String NOTEBOOK = """
            {
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["## Recall\\n", "1. What is 13B in fp16?\\n"]},
              {"cell_type": "markdown", "metadata": {"tags": ["answer-key"]}, "source": ["26 GB"]},
              {"cell_type": "markdown", "metadata": {},
               "source": ["2. And in int8?\\n", "<!-- answer-key -->\\n", "13 GB\\n", "<!-- /answer-key -->\\n", "Next.\\n"]},
              {"cell_type": "code", "metadata": {"tags": ["instructor-only"]}, "source": "grade(all)", "outputs": []}
             ],
             "metadata": {},
             "nbformat": 4,
             "nbformat_minor": 5
            }
            """;

    @Test
    void taggedCellsAndMarkedTextAreRemoved() {
        String filtered = NotebookFilter.filter(NOTEBOOK);
        assertFalse(filtered.contains("26 GB"), filtered);
        assertFalse(filtered.contains("13 GB"), filtered);
        assertFalse(filtered.contains("grade(all)"), filtered);
        assertTrue(filtered.contains("1. What is 13B in fp16?"), filtered);
        assertTrue(filtered.contains("\"2. And in int8?\\n\""), filtered);
        assertTrue(filtered.contains("\"Next.\\n\""), filtered);
        assertTrue(filtered.contains("\"nbformat\" : 4"), filtered);
    }

    @Test
    void aNotebookWithoutAnswerKeysIsReturnedAsItWas() {
        String plain = "{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# Title\"}],"
                + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n";
        assertSame(plain, NotebookFilter.filter(plain));
    }

    @Test
    void somethingThatIsNoNotebookIsNamed() {
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class, () -> NotebookFilter.filter("{"));
        assertTrue(json.getMessage().startsWith("not a notebook (invalid JSON)"), json.getMessage());
        IllegalArgumentException cells = assertThrows(IllegalArgumentException.class,
                () -> NotebookFilter.filter("{\"metadata\": {}}"));
        assertEquals("not a notebook: no \"cells\" array", cells.getMessage());
    }

    @Test
    void readmeInstructorPartsGo() {
        String readme = "intro\n<!-- instructor-only -->\nsecret\n<!-- /instructor-only -->\n| a | b |\n"
                + "| c | d | <!-- instructor-only-line -->\n| e | f |\nend `x`<!-- instructor-only --> y<!-- /instructor-only -->.\n";
        assertEquals("intro\n| a | b |\n| e | f |\nend `x`.\n", StudentEdition.withoutInstructorParts(readme));
        assertThrows(IllegalStateException.class,
                () -> StudentEdition.withoutInstructorParts("a <!-- instructor-only --> b"));
        assertEquals("<modules>\n  <module>lib</module>\n</modules>\n", StudentEdition.withoutInstructorModules(
                "<modules>\n  <module>lib</module>\n  <module>solutions</module>\n  <module>instructor</module>\n</modules>\n"));
    }
}
