package quantlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The presets carry what nvidia-smi reports (figures copied from the cited logs), not the label read as GB. */
class GpuTest {

    @ParameterizedTest(name = "{0}: {1} MiB, sold as {2} GB")
    @CsvSource({
        // name,                 MiB from the cited nvidia-smi log, label
        "NVIDIA RTX 4090,  24564,  24",
        "NVIDIA L4,        23034,  24",
        "NVIDIA A100 40GB, 40960,  40",
        "NVIDIA L40S,      46068,  48",
        "NVIDIA A100 80GB, 81920,  80",
        "NVIDIA H100 80GB, 81559,  80",
        "NVIDIA H200,      143771, 141",
    })
    void presetsCarryTheReportedMiB(String name, long mib, double label) {
        Gpu gpu = Gpu.presets().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
        assertEquals(mib * 1_048_576L, gpu.capacity().bytes());
        assertEquals(mib, gpu.capacityMiB(), 0.0);
        assertEquals(label, gpu.marketedGB(), 0.0);
        assertTrue(gpu.source().contains(mib + "MiB"), gpu.source());
    }

    @Test
    void anA100_80GBIsExactly80GiBAndTheLooseReadingMisses5Point9GB() {
        assertEquals(80.0, Gpu.A100_80GB.capacity().gib(), 0.0);
        // 80 x 2^30 = 85,899,345,920 bytes; less 80e9 = 5,899,345,920 bytes
        assertEquals(85_899_345_920L, Gpu.A100_80GB.capacity().bytes());
        assertEquals(5_899_345_920L, Gpu.A100_80GB.labelError().bytes());
        // an L4 sold as 24 GB reports 23,034 MiB = 24,152,899,584 bytes: only 0.15 GB above the label
        assertEquals(152_899_584L, Gpu.L4.labelError().bytes());
    }

    @Test
    void aCardOfYourOwnKeepsItsDecimalLabel() {
        Gpu own = Gpu.ofGB("80 GB read as decimal", 80);
        assertEquals(80_000_000_000L, own.capacity().bytes());
        assertEquals(0, own.labelError().bytes());
        assertEquals("given", own.source());
        assertFalse(own.toString().isBlank());
    }
}
