package quantlab.lora;

import java.util.ArrayList;
import java.util.List;

import quantlab.memory.MemoryBudget;
import quantlab.memory.TrainingMemory.Method;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Chapter 11 and 12's memory bars: full fine-tuning (mixed precision), LoRA on an fp16 base and QLoRA, for Llama 2
 * 7B, 13B and 70B, against lines at 24, 48 and 80 GB. The bars come from {@link FineTuneMemory#plan}.
 */
public final class MemoryBars {

    private MemoryBars() {
    }

    /** The budgets behind the bars: per config, the three methods (q,v at {@code rank}, batch 1). */
    public static List<MemoryBudget> budgets(int rank, int sequence, boolean checkpointing) {
        List<MemoryBudget> out = new ArrayList<>();
        for (DecoderConfig c : List.of(DecoderConfig.LLAMA2_7B, DecoderConfig.LLAMA2_13B, DecoderConfig.LLAMA2_70B)) {
            for (Method m : List.of(Method.FULL_MIXED, Method.LORA_FP16, Method.QLORA)) {
                out.add(FineTuneMemory.plan(c, m, LinearTarget.queryValue(), rank, 1, sequence, checkpointing));
            }
        }
        return out;
    }

    /** Grouped bars in decimal GB with the three GPU sizes drawn across. */
    public static Figure figure(int rank, int sequence, boolean checkpointing) {
        List<MemoryBudget> b = budgets(rank, sequence, checkpointing);
        Object[] models = {"Llama 2 7B", "Llama 2 13B", "Llama 2 70B"};
        String[] names = {"full FT (mixed precision)", "LoRA q,v r=" + rank + " (fp16 base)",
                "QLoRA q,v r=" + rank + " (NF4 + DQ base)"};
        List<Trace> traces = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            double[] gb = new double[3];
            for (int c = 0; c < 3; c++) {
                gb[c] = b.get(c * 3 + m).total().gb();
            }
            traces.add(BarTrace.builder(models, gb).name(names[m]).build());
        }
        for (int gpu : new int[] {24, 48, 80}) {
            traces.add(ScatterTrace.builder(tech.tablesaw.api.StringColumn.create("model", "Llama 2 7B", "Llama 2 13B",
                    "Llama 2 70B"), tech.tablesaw.api.DoubleColumn.create("GB", new double[] {gpu, gpu, gpu}))
                    .mode(ScatterTrace.Mode.LINE)
                    .name(gpu + " GB GPU").build());
        }
        Layout layout = Layout.builder()
                .title("Fine-tuning memory, batch 1, " + sequence + " tokens" + (checkpointing
                        ? ", gradient checkpointing" : ", no checkpointing") + " (decimal GB)")
                .yAxis(Axis.builder().title("GB (log scale)").type(Axis.Type.LOG).build())
                .width(900).height(480).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }
}
