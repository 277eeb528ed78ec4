package quantlab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

    private static final int ALLOW = 0x7fff0000;
    private static final int EPERM = 0x00050001;
    private static final int KILL = 0x80000000;
    private static final int X86_64 = 0xc000003e;
    private static final int AARCH64 = 0xc00000b7;
    private static final int I386 = 0x40000003;

    @TempDir
    Path dir;

    /** Runs the classic-BPF program on one (arch, syscall number) pair: loads, equality and >= jumps, returns. */
    private static int decide(byte[] program, int arch, int nr) {
        ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int accumulator = 0;
        for (int pc = 0; pc < program.length / 8; pc++) {
            int op = code.getShort(pc * 8) & 0xffff;
            int jt = code.get(pc * 8 + 2) & 0xff;
            int jf = code.get(pc * 8 + 3) & 0xff;
            int k = code.getInt(pc * 8 + 4);
            switch (op) {
                case 0x20 -> accumulator = k == 4 ? arch : k == 0 ? nr : fail("load of offset " + k);
                case 0x15 -> pc += accumulator == k ? jt : jf;
                case 0x35 -> pc += Integer.compareUnsigned(accumulator, k) >= 0 ? jt : jf;
                case 0x06 -> {
                    return k;
                }
                default -> fail("opcode " + op);
            }
        }
        return fail("ran off the end");
    }

    private static int fail(String why) {
        throw new AssertionError(why);
    }

    @Test
    void seccompRefusesMemoryReadingCallsAndAllowsTheRest() {
        byte[] filter = Sandbox.seccompFilter();
        assertEquals(0, filter.length % 8);
        // Syscall numbers from Linux's arch/x86/entry/syscalls/syscall_64.tbl and include/uapi/asm-generic/unistd.h.
        int[][] refusedX86 = {{101, 0}, {310, 0}, {311, 0}, {438, 0}, {298, 0}};
        for (int[] call : refusedX86) {
            assertEquals(EPERM, decide(filter, X86_64, call[0]), "x86-64 syscall " + call[0]);
        }
        for (int nr : new int[] {117, 270, 271, 438, 241}) {
            assertEquals(EPERM, decide(filter, AARCH64, nr), "aarch64 syscall " + nr);
        }
        for (int nr : new int[] {0, 1, 39, 56, 57, 59, 231, 435}) { // read, write, getpid, clone, fork, execve, exit_group, clone3
            assertEquals(ALLOW, decide(filter, X86_64, nr), "x86-64 syscall " + nr);
        }
        assertEquals(ALLOW, decide(filter, AARCH64, 63), "aarch64 read");
        assertEquals(EPERM, decide(filter, X86_64, 0x40000000 | 521), "x32 ptrace");
        assertEquals(KILL, decide(filter, I386, 26), "32-bit code is killed");
    }

    @Test
    void aMissingBubblewrapIsSaidAndNotAnError() {
        String before = System.getProperty(Sandbox.BWRAP_PROPERTY);
        System.setProperty(Sandbox.BWRAP_PROPERTY, "/no/such/bwrap");
        try {
            Sandbox none = Sandbox.detect(Path.of(System.getProperty("java.home")), dir);
            assertFalse(none.active());
            assertTrue(none.notice().startsWith("sandbox: NOT AVAILABLE (bubblewrap (bwrap) is not installed at"
                    + " /no/such/bwrap"), none.notice());
        } finally {
            if (before == null) {
                System.clearProperty(Sandbox.BWRAP_PROPERTY);
            } else {
                System.setProperty(Sandbox.BWRAP_PROPERTY, before);
            }
        }
    }
}
