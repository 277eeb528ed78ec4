package quantlab.memory;

import java.util.List;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The chapter's central table, raw weight memory for each model in each format, as a tablesaw {@link Table}.
 * There is one builder per unit so a table never mixes decimal GB and binary GiB.
 */
public final class WeightMemoryTable {

    private WeightMemoryTable() {
    }

    /** One row per model, one column per format, in decimal GB (10^9 bytes), as the course's tables are. */
    public static Table inGB(List<ModelPreset> models, List<WeightFormat> formats) {
        return build("Raw weight memory, decimal GB (10^9 bytes)", "GB", ByteSize::gb, models, formats);
    }

    /** The same table in binary GiB (2^30 bytes), the unit GPU tools print. */
    public static Table inGiB(List<ModelPreset> models, List<WeightFormat> formats) {
        return build("Raw weight memory, binary GiB (2^30 bytes)", "GiB", ByteSize::gib, models, formats);
    }

    private static Table build(String title, String unit, ToDoubleFunction<ByteSize> measure,
                               List<ModelPreset> models, List<WeightFormat> formats) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models must not be empty, got " + models);
        }
        if (formats == null || formats.isEmpty()) {
            throw new IllegalArgumentException("formats must not be empty, got " + formats);
        }
        StringColumn names = StringColumn.create("model");
        LongColumn counts = LongColumn.create("parameters");
        counts.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        for (ModelPreset model : models) {
            names.append(model.name());
            counts.append(model.parameters());
        }
        Table table = Table.create(title, names, counts);
        for (WeightFormat format : formats) {
            DoubleColumn column = DoubleColumn.create(format.label() + " (" + unit + ")");
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            for (ModelPreset model : models) {
                column.append(measure.applyAsDouble(model.weights(format)));
            }
            table.addColumns(column);
        }
        return table;
    }
}
