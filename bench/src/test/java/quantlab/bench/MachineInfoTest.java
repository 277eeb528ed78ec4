package quantlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reading the CPU's name and vector flags from cpuinfo text. */
class MachineInfoTest {

    private static final String X86 = """
            processor\t: 0
            model name\t: AMD EPYC 9R14
            flags\t\t: fpu vme sse4_2 avx fma avx2 avx512f avx512dq avx512bw avx512vl
            processor\t: 1
            flags\t\t: fpu
            """;

    @Test
    void x86FlagsInTheTablesOrder() {
        assertEquals("sse4_2 avx avx2 fma avx512f avx512bw avx512vl", MachineInfo.flagsFrom(X86));
        assertEquals("AMD EPYC 9R14", MachineInfo.modelFrom(X86));
    }

    @Test
    void armFeaturesAndMissingText() {
        assertEquals("asimd", MachineInfo.flagsFrom("Features\t: fp asimd evtstrm\n"));
        assertEquals("unknown", MachineInfo.flagsFrom(""));
        assertEquals("unknown", MachineInfo.modelFrom(""));
    }

    @Test
    void cacheSizesAndClock() {
        assertEquals(32L << 20, MachineInfo.sizeBytes("32768K\n"));
        assertEquals(480L << 20, MachineInfo.sizeBytes("480M"));
        assertEquals(0, MachineInfo.sizeBytes(""));
        assertEquals(0, MachineInfo.sizeBytes("lots"));
        assertEquals(2445.428, MachineInfo.mhzFrom("model name\t: x\ncpu MHz\t\t: 2445.428\n"), 1e-9);
        assertEquals(Double.NaN, MachineInfo.mhzFrom(""));
    }
}
