/// Whether logs may carry process values: what a PLC's variables hold, read
/// or written (a setpoint, a recipe, a counter). A sensor promises a plant
/// that its shipped logs hold no control information of the production line,
/// so `otsensor run` redacts them; a forensic run by hand keeps them.
public enum ProcessValues: String, Sendable, CaseIterable {
    /// Values as the PDU holds them.
    case keep
    /// Each value replaced by its type and length (`Real[1]`, `Byte[16]`);
    /// addresses, areas, functions and return codes stay.
    case redact
}
