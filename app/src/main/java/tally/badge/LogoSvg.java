package tally.badge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks an SVG logo before it is drawn or passed on as shields' logoSvg: parsed with the JDK's XML parser
 * (no DTD, no external entities), it must be a plain drawing: no script, no event attributes, no
 * foreignObject and no reference outside itself except embedded raster images.
 */
final class LogoSvg {

    private static final Set<String> ACTIVE_ELEMENTS = Set.of("script", "foreignobject", "iframe", "embed", "object",
            "handler", "listener");
    private static final Set<String> ANIMATIONS = Set.of("set", "animate", "animatemotion", "animatetransform");

    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(LogoSvg::parser);

    private LogoSvg() {
    }

    /** Throws InvalidBadgeOption("unsafe logo", ...) saying what the SVG holds that a logo may not. */
    static void check(byte[] svg) {
        Document doc;
        try {
            DocumentBuilder parser = PARSER.get();
            parser.reset();
            parser.setErrorHandler(QUIET);
            doc = parser.parse(new ByteArrayInputStream(svg));
        } catch (SAXException | IOException e) {
            throw unsafe("is not well-formed XML without a DOCTYPE");
        }
        if (!"svg".equals(doc.getDocumentElement().getLocalName())) {
            throw unsafe("must have <svg> as its root element");
        }
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(doc); // prolog too: a processing instruction before <svg> is one
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            switch (node.getNodeType()) {
                case Node.ELEMENT_NODE -> element((Element) node);
                case Node.PROCESSING_INSTRUCTION_NODE -> throw unsafe("must not hold processing instructions");
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> urls(node.getNodeValue());
                case Node.ENTITY_REFERENCE_NODE -> throw unsafe("must not use entities");
                default -> { }
            }
            for (Node child = node.getLastChild(); child != null; child = child.getPreviousSibling()) {
                todo.push(child);
            }
        }
    }

    private static void element(Element e) {
        String name = localName(e);
        if (ACTIVE_ELEMENTS.contains(name)) {
            throw unsafe("must not contain <" + e.getLocalName() + ">");
        }
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String attr = localName(a);
            String value = a.getValue().strip();
            if (attr.startsWith("on")) {
                throw unsafe("must not have event attributes such as " + a.getName());
            }
            if (attr.equals("href") && !value.startsWith("#") && !isEmbeddedRaster(value)) {
                throw unsafe("must not link outside itself (" + a.getName() + " may be #id or a data:image/ PNG, JPEG or GIF)");
            }
            if (ANIMATIONS.contains(name) && attr.equals("attributename")) {
                String target = value.toLowerCase(Locale.ROOT);
                if (target.startsWith("on") || target.endsWith("href")) {
                    throw unsafe("must not animate " + value);
                }
            }
            urls(value);
        }
    }

    /** Raster images only: a nested SVG could hold what this check refuses. */
    private static boolean isEmbeddedRaster(String href) {
        String lower = href.toLowerCase(Locale.ROOT);
        return lower.startsWith("data:image/") && !lower.startsWith("data:image/svg");
    }

    /**
     * CSS in attributes or style elements may point outside with url(...), @import or image-set(...), and CSS
     * escapes can spell those so that no text search finds them ({@code u\\rl(}, {@code @\\69mport}).
     */
    private static void urls(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.indexOf('\\') >= 0) {
            throw unsafe("must not use backslashes (CSS escapes)");
        }
        if (lower.contains("@import")) {
            throw unsafe("must not @import style sheets");
        }
        for (String loader : new String[] {"image-set(", "image(", "cross-fade(", "element(", "src("}) {
            if (lower.contains(loader)) {
                throw unsafe("must not use " + loader + "...)");
            }
        }
        for (int at = lower.indexOf("url("); at >= 0; at = lower.indexOf("url(", at + 4)) {
            String target = lower.substring(at + 4).stripLeading();
            if (target.startsWith("\"") || target.startsWith("'")) {
                target = target.substring(1);
            }
            if (!target.startsWith("#")) {
                throw unsafe("must not use url(...) outside itself; only url(#id)");
            }
        }
    }

    private static String localName(Node n) {
        String name = n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
        return name.toLowerCase(Locale.ROOT);
    }

    private static InvalidBadgeOption unsafe(String what) {
        return new InvalidBadgeOption("unsafe logo", "an SVG logo " + what + "; send a plain SVG drawing or a PNG");
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }

    /** The parser would print every error to stderr: a client could fill the log. Fail instead. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
