/// The Zeek type of a log column.
///
/// A column's type decides both how its values are rendered (LOGS.md §3.3) and
/// what the native header's `#types` line says, so the schema carries it once
/// and the encoder checks every value against it.
public indirect enum ZeekType: Hashable, Sendable {
    case time
    case interval
    case count
    case int
    case port
    case addr
    case string
    /// Zeek's `enum`: logged as the enum value's name.
    case enumeration
    case bool
    case double
    /// `set[T]`: elements in the order the caller gives (Zeek's own order is its
    /// hash order, so callers that want reproducible output sort first).
    case set(ZeekType)
    /// `vector[T]`: elements in vector order.
    case vector(ZeekType)

    /// The spelling used on the `#types` line, e.g. `set[string]`.
    public var name: String {
        switch self {
        case .time: "time"
        case .interval: "interval"
        case .count: "count"
        case .int: "int"
        case .port: "port"
        case .addr: "addr"
        case .string: "string"
        case .enumeration: "enum"
        case .bool: "bool"
        case .double: "double"
        case .set(let element): "set[\(element.name)]"
        case .vector(let element): "vector[\(element.name)]"
        }
    }
}
