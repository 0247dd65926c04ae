package io.zkml4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which list of an input file feeds which model input (ezkl's files keep lists for inputs PyTorch dropped). */
class InputPositionsTest {
    @Test
    void oneListPerInputInOrder() {
        assertArrayEquals(new int[] {0, 1}, InputData.positions(2, List.of("b", "a")));
    }

    @Test
    void positionalNamesPickTheirListsWhenTheFileHasMore() {
        assertArrayEquals(new int[] {2, 3}, InputData.positions(4, List.of("input2", "input3")));
        assertArrayEquals(new int[] {0, 2}, InputData.positions(3, List.of("input", "input2")));
    }

    @Test
    void anythingElseIsRefused() {
        assertNull(InputData.positions(4, List.of("x", "y")), "names that do not say their position");
        assertNull(InputData.positions(3, List.of("input3")), "a position beyond the file's lists");
        assertNull(InputData.positions(4, List.of("input3", "input2")), "positions out of order");
        assertNull(InputData.positions(4, List.of("input1", "input1")), "one position twice");
        assertNull(InputData.positions(1, List.of("input", "input1")), "fewer lists than inputs");
        assertNull(InputData.positions(4, List.of("input99999999999")), "a number too long to be a position");
    }
}
