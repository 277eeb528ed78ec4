package quantlab.exercises.ch10;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import quantlab.grading.Points;

/** Grades chapter 10, "PagedAttention and serving". Expected values are worked by hand in the comments. */
@DisplayName("Chapter 10: block tables")
class BlockTablesTest {

    @Test
    @Points(1)
    @DisplayName("Exercise 1: blocks needed = ceil(tokens / blockSize)")
    void blocksNeeded() {
        assertAll(
                () -> assertEquals(3, BlockTables.blocksNeeded(33, 16), "16 + 16 + 1"),
                () -> assertEquals(2, BlockTables.blocksNeeded(32, 16), "exactly two blocks"),
                () -> assertEquals(0, BlockTables.blocksNeeded(0, 16), "no tokens, no blocks"),
                () -> assertEquals(377, BlockTables.blocksNeeded(6017, 16), "6016 / 16 = 376, plus one for the last token"),
                () -> assertEquals(5, BlockTables.blocksNeeded(5, 1), "blocks of one token"),
                () -> assertEquals(2, BlockTables.blocksNeeded(34, 17), "17 + 17"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 2: last-block waste is under one block")
    void lastBlockWaste() {
        assertAll(
                () -> assertEquals(15, BlockTables.lastBlockWaste(33, 16), "48 - 33"),
                () -> assertEquals(0, BlockTables.lastBlockWaste(32, 16), "full blocks"),
                () -> assertEquals(15, BlockTables.lastBlockWaste(6017, 16), "377 x 16 = 6032; 6032 - 6017"),
                () -> assertEquals(0, BlockTables.lastBlockWaste(0, 16), "nothing stored, nothing wasted"),
                () -> assertEquals(16, BlockTables.lastBlockWaste(1, 17), "17 - 1"));
    }

    @Test
    @Points(1)
    @DisplayName("Exercise 3: blocks for a batch, {400, 401, 6000} -> 25 + 26 + 375 = 426")
    void blocksForBatch() {
        assertAll(
                () -> assertEquals(426, BlockTables.blocksForBatch(new long[] {400, 401, 6000}, 16)),
                () -> assertEquals(0, BlockTables.blocksForBatch(new long[0], 16), "an empty batch"),
                // one block of 2048 each: 1 + 1 + 1
                () -> assertEquals(3, BlockTables.blocksForBatch(new long[] {400, 401, 1000}, 2048)));
    }

    @Test
    @Points(2)
    @DisplayName("Exercise 4: one append: a new block, a copy-on-write, or a write in place")
    void copyOnWrite() {
        // shared, room left: table {7, 2}, 6 tokens in blocks of 4 (block 2 holds 2); both blocks shared (count 2)
        int[] counts = new int[8];
        counts[7] = 2;
        counts[2] = 2;
        int[] table = {7, 2};
        int[] after = BlockTables.append(counts, table, 6, 4, 5);
        int[] expectedCounts = new int[8];
        expectedCounts[7] = 2;
        expectedCounts[2] = 1;
        expectedCounts[5] = 1;
        assertAll(
                () -> assertArrayEquals(new int[] {7, 5}, after, "block 2 is copied into block 5"),
                () -> assertArrayEquals(expectedCounts, counts, "2 loses a holder, 5 gains one, 7 stays shared"),
                () -> assertArrayEquals(new int[] {7, 2}, table, "the input table is left untouched"));

        // full last block: 8 tokens in {7, 2}: a new block 3 goes at the end, counts of 7 and 2 unchanged
        int[] c2 = {0, 0, 1, 0, 0, 0, 0, 1};
        int[] grown = BlockTables.append(c2, new int[] {7, 2}, 8, 4, 3);
        assertAll(
                () -> assertArrayEquals(new int[] {7, 2, 3}, grown, "a fresh block at the end"),
                () -> assertArrayEquals(new int[] {0, 0, 1, 1, 0, 0, 0, 1}, c2, "only block 3's count changes"));

        // room and ours alone: nothing changes
        int[] c3 = {0, 0, 1, 0, 0, 0, 0, 1};
        int[] same = BlockTables.append(c3, new int[] {7, 2}, 5, 4, 3);
        assertAll(
                () -> assertArrayEquals(new int[] {7, 2}, same, "write in place"),
                () -> assertArrayEquals(new int[] {0, 0, 1, 0, 0, 0, 0, 1}, c3, "no count changes"));

        // the first token of an empty sequence takes a block
        assertArrayEquals(new int[] {1}, BlockTables.append(new int[2], new int[0], 0, 16, 1), "an empty sequence");
    }

    @Test
    @Points(1)
    @DisplayName("Bad input is refused with the parameter's name")
    void badInput() {
        assertAll(
                () -> refuses("blockSize", "0", () -> BlockTables.blocksNeeded(10, 0)),
                () -> refuses("tokens", "-3", () -> BlockTables.lastBlockWaste(-3, 16)),
                () -> refuses("lengths", "null", () -> BlockTables.blocksForBatch(null, 16)),
                () -> refuses("table", "1", () -> BlockTables.append(new int[8], new int[] {1}, 9, 4, 3)),
                () -> refuses("freeBlock", "2", () -> BlockTables.append(new int[] {0, 0, 1}, new int[] {2}, 4, 4, 2)));
    }

    private static void refuses(String parameter, String value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                "expected an IllegalArgumentException for " + parameter + " = " + value);
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(parameter) && message.contains(value),
                "the message should name '" + parameter + "' and its value " + value + ", but was: " + message);
    }
}
