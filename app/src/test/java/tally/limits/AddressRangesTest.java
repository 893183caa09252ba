package tally.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangesTest {

    @Test
    void dottedQuadsAreReadAsFourBytes() {
        assertThat(AddressRanges.literal("192.0.2.1")).containsExactly(192, 0, 2, 1);
        assertThat(AddressRanges.literal(" 8.8.4.4 ")).containsExactly(8, 8, 4, 4);
        assertThat(AddressRanges.literal("[203.0.113.255]")).containsExactly(203, 0, 113, 255);
        assertThat(AddressRanges.literal("0.0.0.0")).containsExactly(0, 0, 0, 0);
    }

    @Test
    void leadingZerosAreRefusedSinceSomeReadThemAsOctal() {
        assertThat(AddressRanges.literal("010.1.1.1")).isNull();
        assertThat(AddressRanges.literal("1.1.1.00")).isNull();
        assertThat(AddressRanges.literal("10.0.0.0")).containsExactly(10, 0, 0, 0);
    }

    @Test
    void anythingElseWithoutAColonIsNotAnAddress() {
        for (String text : new String[] {"999.1.1.1", "1.2.3.256", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4.", ".1.2.3",
                "1234.1.1.1", "0001.1.1.1", "1.2.3.a", "+1.2.3.4", "1.2.3.-4", "example.com", "localhost", "", " ", "[]"}) {
            assertThat(AddressRanges.literal(text)).as(text).isNull();
        }
        assertThat(AddressRanges.literal(null)).isNull();
    }

    @Test
    void ipv6LiteralsAreReadWithoutALookUp() {
        assertThat(AddressRanges.literal("2001:db8::1")).hasSize(16).endsWith(0, 1).startsWith(0x20, 0x01, 0x0d, 0xb8);
        assertThat(AddressRanges.literal("[::1]")).hasSize(16).endsWith(1);
        assertThat(AddressRanges.literal("::ffff:192.0.2.1")).containsExactly(192, 0, 2, 1);
        for (String text : new String[] {"1::2::3", "g::1", "1:2:3", "::999.1.1.1", "2001:db8::1%eth0", "[2001:db8::1"}) {
            assertThat(AddressRanges.literal(text)).as(text).isNull();
        }
    }

    @Test
    void rangesHoldTheirAddressesOnly() {
        AddressRanges ranges = AddressRanges.parse("10.0.0.0/8, 192.0.2.7 ,2001:db8::/32");
        assertThat(ranges.contains("10.200.3.4")).isTrue();
        assertThat(ranges.contains("192.0.2.7")).isTrue();
        assertThat(ranges.contains("2001:db8:ffff::9")).isTrue();
        assertThat(ranges.contains("11.0.0.1")).isFalse();
        assertThat(ranges.contains("192.0.2.8")).isFalse();
        assertThat(ranges.contains("2001:db9::1")).isFalse();
        assertThat(ranges.contains("not an address")).isFalse();
    }

    @Test
    void anEntryThatIsNotAnAddressIsNamed() {
        assertThatThrownBy(() -> AddressRanges.parse("10.0.0.0/8,999.1.1.1")).hasMessageContaining("'999.1.1.1'");
        assertThatThrownBy(() -> AddressRanges.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'");
    }
}
