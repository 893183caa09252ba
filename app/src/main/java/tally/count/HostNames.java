package tally.count;

import com.ibm.icu.text.IDNA;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Host names to ASCII as browsers send them: UTS #46 processing, non-transitional, with the bidi and
 * ContextJ rules (the WHATWG URL standard's settings), so {@code straße.de} is {@code xn--strae-oqa.de}
 * and an {@code xn--} label that is not valid punycode is refused with the reason.
 */
final class HostNames {

    /** WHATWG: CheckBidi and CheckJoiners on; Transitional_Processing, UseSTD3ASCIIRules off. */
    private static final IDNA UTS46 = IDNA.getUTS46Instance(
            IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);

    /** Errors browsers do not raise: CheckHyphens and VerifyDnsLength are off in the URL standard. */
    private static final Set<IDNA.Error> BROWSERS_ALLOW = EnumSet.of(IDNA.Error.LEADING_HYPHEN,
            IDNA.Error.TRAILING_HYPHEN, IDNA.Error.HYPHEN_3_4, IDNA.Error.LABEL_TOO_LONG, IDNA.Error.DOMAIN_NAME_TOO_LONG);

    private HostNames() {
    }

    /** The host in ASCII, lower case; a trailing dot is kept. Throws InvalidKey saying what is wrong. */
    static String toAscii(String host) {
        IDNA.Info info = new IDNA.Info();
        String ascii = UTS46.nameToASCII(host, new StringBuilder(host.length() + 8), info).toString();
        Set<IDNA.Error> errors = EnumSet.noneOf(IDNA.Error.class);
        errors.addAll(info.getErrors());
        errors.removeAll(BROWSERS_ALLOW);
        if (!errors.isEmpty()) {
            throw new InvalidKey("bad host", "url has an invalid host name: " + why(errors.iterator().next()));
        }
        return ascii;
    }

    private static String why(IDNA.Error error) {
        return switch (error) {
            case PUNYCODE -> "an xn-- label is not valid punycode";
            case INVALID_ACE_LABEL -> "an xn-- label does not decode to a valid name";
            case BIDI -> "a label mixes right-to-left and left-to-right text as IDNA forbids";
            case CONTEXTJ -> "a zero-width joiner or non-joiner stands where IDNA forbids it";
            case DISALLOWED -> "it holds a character that host names cannot have";
            case EMPTY_LABEL -> "it has an empty label (two dots in a row, or a leading dot)";
            case LEADING_COMBINING_MARK -> "a label starts with a combining mark";
            default -> "it is not a valid internationalized name (" + error.name().toLowerCase(Locale.ROOT) + ")";
        };
    }
}
