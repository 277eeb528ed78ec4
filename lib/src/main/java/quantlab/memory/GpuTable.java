package quantlab.memory;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** GPU capacities side by side: what nvidia-smi reports, in MiB, GiB and GB, against the label read as GB. */
public final class GpuTable {

    private GpuTable() {
    }

    /** One row per card: reported MiB, GiB, GB, the label, the label read as decimal GB, the gap, the source. */
    public static Table of(List<Gpu> gpus) {
        if (gpus == null || gpus.isEmpty()) {
            throw new IllegalArgumentException("gpus must not be empty, got " + gpus);
        }
        StringColumn name = StringColumn.create("card");
        DoubleColumn mib = DoubleColumn.create("nvidia-smi (MiB)");
        DoubleColumn gib = DoubleColumn.create("GiB (2^30 B)");
        DoubleColumn gb = DoubleColumn.create("GB (10^9 B)");
        DoubleColumn label = DoubleColumn.create("sold as (GB)");
        DoubleColumn gap = DoubleColumn.create("missed by reading the label as GB");
        StringColumn source = StringColumn.create("source of the MiB figure");
        for (Gpu g : gpus) {
            name.append(g.name());
            mib.append(g.capacityMiB());
            gib.append(g.capacity().gib());
            gb.append(g.capacity().gb());
            label.append(g.marketedGB());
            gap.append(g.labelError().gb());
            source.append(g.source());
        }
        mib.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        gib.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        gb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        label.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(0));
        gap.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create("GPU memory as the driver reports it", name, mib, gib, gb, label, gap, source);
    }
}
