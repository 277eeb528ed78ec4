#!/usr/bin/env python3
"""Executes every notebook in notebooks/ headless on the course kernel, then writes the executed copies to
build/notebooks/ and a static, offline HTML course site to build/site/.

Stops at the first cell that fails, naming the notebook and the cell. Usage:
    run-notebooks.py [--only PATTERN] [--cell-timeout SECONDS] [--no-site]
"""
import argparse
import atexit
import glob
import html
import os
import re
import shutil
import sys
import time

import nbformat
from nbformat.sign import NotebookNotary
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = "quantlab-java"
PLOTLY_VERSION = os.environ.get("PLOTLY_VERSION", "2.35.3")

# The course outline (after the seed's 14 chapters); chapters without a notebook yet are listed as coming.
OUTLINE = [
    (1, "The model that does not fit", "memory math: parameters x bytes, GB vs GiB, does it fit"),
    (2, "Numbers are storage decisions", "fp32, fp16, bf16, fp8, int8, int4, bit for bit"),
    (3, "Precision vs range", "why bf16 trains where fp16 needs loss scaling"),
    (4, "The rounding trick", "scale, zero point, round to nearest; PTQ vs QAT"),
    (5, "Per-tensor vs per-channel vs group", "granularity on a real model, checked by ONNX Runtime"),
    (6, "GPTQ", "error-aware quantization from calibration activations"),
    (7, "AWQ", "protecting the weights that large activations multiply"),
    (8, "KV-cache memory", "why serving memory is more than weights"),
    (9, "MQA and GQA", "sharing keys and values across heads"),
    (10, "PagedAttention and serving", "paging the KV cache, concurrency and headroom"),
    (11, "LoRA", "low-rank adapters on a frozen model"),
    (12, "QLoRA", "NF4, double quantization, adapters on a 4-bit base"),
    (13, "Prompt vs PEFT vs RAG", "choosing the right lever"),
    (14, "Honest admission and review", "what the course does not make you, and a review"),
]


def log(msg):
    print(f"[quantlab] {msg}", file=sys.stderr, flush=True)


def chapter_number(path):
    m = re.match(r"(\d+)", os.path.basename(path))
    return int(m.group(1)) if m else None


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


# rapaio-jupyter-kernel 3.0.1 sometimes binds its sockets but never answers kernel_info: its LoopThread sets
# running = true only after Thread.start(). The course kernelspec puts our fixed LoopThread first on the class
# path (lib/src/kernel-patch); should a start hang anyway, it is abandoned after the wait below and a fresh
# kernel is started.
# The waits grow, so a kernel that is merely slow (a loaded machine) still gets 120 s on the later attempts.
KERNEL_START_TIMEOUTS = (30, 30, 60, 120, 120)


def execute(path, cell_timeout, out_dir):
    kernel_log = os.path.join(out_dir, os.path.basename(path).replace(".ipynb", ".kernel.log"))
    for attempt, start_timeout in enumerate(KERNEL_START_TIMEOUTS, start=1):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=cell_timeout,
            startup_timeout=start_timeout,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": os.path.dirname(path)}},
        )
        try:
            # The kernel's own start-up chatter goes to a log beside the executed notebook, not the terminal.
            with open(kernel_log, "w") as log_file:
                client.execute(stdout=log_file, stderr=log_file)
            return nb
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
            return report_failure(path, nb, err, out_dir, kernel_log)
        except RuntimeError as err:
            # nbclient registers an atexit clean-up before it starts the kernel and unregisters it only once the
            # notebook has run; a start that fails has already been cleaned up (km is None), so the leftover
            # hook would fail its own assertion when this script exits.
            atexit.unregister(client._cleanup_kernel)
            stuck = "didn't respond" in str(err) or "died before replying" in str(err)
            if stuck and attempt < len(KERNEL_START_TIMEOUTS):
                log(f"  the kernel did not start ({err}); starting a fresh one "
                    f"(attempt {attempt + 1} of {len(KERNEL_START_TIMEOUTS)})")
                continue
            log(f"FAILED: {os.path.relpath(path, HOME)}: the kernel did not start: {err}; "
                f"kernel log: {os.path.relpath(kernel_log, HOME)}")
            return None
    return None


def report_failure(path, nb, err, out_dir, kernel_log):
    failed = os.path.join(out_dir, os.path.basename(path).replace(".ipynb", ".FAILED.ipynb"))
    nbformat.write(nb, failed)
    index, source = failing_cell(nb)
    where = f"cell {index}" if index is not None else "a cell"
    log(f"FAILED: {os.path.relpath(path, HOME)}, {where} of {len(nb.cells)} (cells counted from 1, "
        f"markdown included)")
    if source:
        log("---- cell source ----\n" + source + "\n---------------------")
    log(str(err)[-4000:])
    log(f"partial output kept in {os.path.relpath(failed, HOME)}; kernel log: {os.path.relpath(kernel_log, HOME)}")
    return None


def failing_cell(nb):
    """The 1-based index (among all cells) and source of the cell that holds an error output, or of the
    first code cell that never ran when a timeout or a dead kernel stopped the run."""
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i, cell.source
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and cell.get("execution_count") is None and cell.source.strip():
            return i, cell.source
    return None, None


PAGE_STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 980px; margin: 2em auto;
       padding: 0 1em; color: #1d1d1f; line-height: 1.5; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: left; }
th { background: #f2f2f2; }
.coming { color: #888; }
code { background: #f4f4f4; padding: 0 0.2em; }
"""

def export_html(nb, plotly_name):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter()
    body, _ = exporter.from_notebook_node(nb)
    # Offline and portable: drop scripts the pages do not need and a copied site could not reach. nbconvert links
    # require.js and MathJax from a CDN or, on Debian, from file:///usr/share/javascript/...; no notebook has a
    # formula for MathJax, and the figures draw with the bundled plotly.js, so neither is needed ...
    body = re.sub(r'<script[^>]+src="(?:https?:|file:)//[^"]*"[^>]*>\s*</script>', "", body)
    leftover = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:|file:)//[^"]*"', body)
    if leftover:
        raise RuntimeError(f"the exported page still loads from outside the site: {leftover[:3]}")
    # ... and load the bundled plotly.js first in <head>, before any figure script in the page runs.
    head = f'<head>\n<script src="{plotly_name}"></script>'
    body, count = re.subn(r"<head>", head, body, count=1)
    if count != 1:
        raise RuntimeError("nbconvert produced a page without <head>; cannot place plotly.js")
    return body


def write_index(site_dir, built):
    rows = []
    for number, title, topic in OUTLINE:
        entry = built.get(number)
        if entry:
            page, nb_title = entry
            rows.append(f'<tr><td>{number}</td><td><a href="{html.escape(page)}">{html.escape(nb_title)}</a></td>'
                        f"<td>{html.escape(topic)}</td></tr>")
        else:
            rows.append(f'<tr class="coming"><td>{number}</td><td>{html.escape(title)} (coming)</td>'
                        f"<td>{html.escape(topic)}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>quantlab: Quantization and Fine-Tuning for LLMs, in Java</title>
<style>{PAGE_STYLE}</style></head>
<body>
<h1>quantlab</h1>
<p>Quantization and fine-tuning for LLMs, in Java: every number in these chapters was computed by the course
library when this site was built ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}).</p>
<table><thead><tr><th>#</th><th>Chapter</th><th>What it computes</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<p>The executed notebooks are beside this site in <code>build/notebooks/</code>.</p>
</body></html>
"""
    with open(os.path.join(site_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write(page)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run only notebooks whose file name contains this text")
    parser.add_argument("--cell-timeout", type=int, default=int(os.environ.get("QUANTLAB_CELL_TIMEOUT", "600")))
    parser.add_argument("--no-site", action="store_true", help="execute only; do not write build/site")
    args = parser.parse_args()

    notebooks = sorted(glob.glob(os.path.join(HOME, "notebooks", "*.ipynb")))
    if args.only:
        notebooks = [p for p in notebooks if args.only in os.path.basename(p)]
    if not notebooks:
        log("no notebooks to run")
        return 1

    nb_dir = os.path.join(HOME, "build", "notebooks")
    site_dir = os.path.join(HOME, "build", "site")
    os.makedirs(nb_dir, exist_ok=True)
    for stale in glob.glob(os.path.join(nb_dir, "*.FAILED.ipynb")):
        os.remove(stale)

    executed = []
    for path in notebooks:
        started = time.time()
        log(f"running {os.path.relpath(path, HOME)}")
        nb = execute(path, args.cell_timeout, nb_dir)
        if nb is None:
            return 1
        target = os.path.join(nb_dir, os.path.basename(path))
        # Signed as trusted for this user, so the executed copy opens in Jupyter with its plots drawn.
        NotebookNotary().sign(nb)
        nbformat.write(nb, target + ".part")
        os.replace(target + ".part", target)
        log(f"  ok in {time.time() - started:.1f} s -> {os.path.relpath(target, HOME)}")
        executed.append((path, nb))

    if args.no_site:
        return 0
    os.makedirs(site_dir, exist_ok=True)
    plotly_src = os.path.join(HOME, "build", "vendor", f"plotly-{PLOTLY_VERSION}.min.js")
    if not os.path.exists(plotly_src):
        log(f"missing {plotly_src}: run bin/course (it fetches plotly.js from the npm registry)")
        return 1
    shutil.copyfile(plotly_src, os.path.join(site_dir, "plotly.min.js"))
    built = {}
    for path, nb in executed:
        page = os.path.basename(path).replace(".ipynb", ".html")
        with open(os.path.join(site_dir, page), "w", encoding="utf-8") as f:
            f.write(export_html(nb, "plotly.min.js"))
        number = chapter_number(path)
        if number is not None:
            built[number] = (page, title_of(nb, os.path.basename(path)))
    write_index(site_dir, built)
    log(f"site written: {os.path.relpath(os.path.join(site_dir, 'index.html'), HOME)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
