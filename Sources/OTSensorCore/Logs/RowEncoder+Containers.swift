/// Sets and vectors (LOGS.md §3.3): elements joined by the set separator `,`
/// with each element rendered by its own type, `(empty)` when there are none;
/// JSON arrays in the JSON form.
extension RowEncoder {
    /// A `set[string]` column; elements are written in the order given.
    public mutating func stringSet<Elements: Sequence>(_ elements: Elements) where Elements.Element: LogBytes {
        beginField(.set(.string))
        appendTextElements(elements)
    }

    /// A `set[enum]` column (http's `tags`); elements are written in the order given.
    public mutating func enumSet<Elements: Sequence>(_ elements: Elements) where Elements.Element: LogBytes {
        beginField(.set(.enumeration))
        appendTextElements(elements)
    }

    public mutating func stringVector<Elements: Sequence>(_ elements: Elements) where Elements.Element: LogBytes {
        beginField(.vector(.string))
        appendTextElements(elements)
    }

    public mutating func countVector<Elements: Sequence>(_ elements: Elements) where Elements.Element: BinaryInteger {
        beginField(.vector(.count))
        appendElements(elements) { encoder, value in LogText.appendDecimal(UInt64(value), to: &encoder.bytes) }
    }

    /// A `vector[interval]` column (dns's `TTLs`): six decimals per element.
    public mutating func intervalVector<Elements: Sequence>(_ elements: Elements) where Elements.Element == Duration {
        beginField(.vector(.interval))
        appendElements(elements) { encoder, value in encoder.appendMicroseconds(value.microsecondsRounded) }
    }

    private mutating func appendTextElements<Elements: Sequence>(_ elements: Elements) where Elements.Element: LogBytes {
        appendElements(elements) { encoder, element in encoder.appendText(element, inContainer: true) }
    }

    private mutating func appendElements<Elements: Sequence>(
        _ elements: Elements, _ appendElement: (inout RowEncoder, Elements.Element) -> Void
    ) {
        beginContainer()
        var isFirst = true
        for element in elements {
            if !isFirst { bytes.append(0x2C) }
            appendElement(&self, element)
            isFirst = false
        }
        endContainer(isEmpty: isFirst)
    }

    private mutating func beginContainer() {
        if style == .json { bytes.append(0x5B) }
    }

    private mutating func endContainer(isEmpty: Bool) {
        switch style {
        case .tsv where isEmpty: LogText.append("(empty)", to: &bytes)
        case .tsv: break
        case .json: bytes.append(0x5D)
        }
    }
}
