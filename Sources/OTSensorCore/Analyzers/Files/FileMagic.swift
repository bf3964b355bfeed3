/// Zeek's file type detection (`file_analysis::Manager::DetectMIME`): the
/// MIME type its `file-magic` signatures give a file from its first bytes.
/// Every signature whose pattern matches a prefix of the bytes is a
/// candidate; the strongest wins, and among equally strong ones the type
/// that sorts first (Zeek keeps them in a `std::set<std::string>`).
public struct FileMagic: Sendable {
    /// Zeek's `default_file_bof_buffer_size`: how many of a file's first
    /// bytes its type is detected from.
    public static let sniffLength = 4096

    /// The signatures Zeek loads by default (`base/frameworks/files/magic`).
    /// They are compiled into the binary and parsed by a unit test, so a
    /// failure here is a defect of the build, not of any input.
    public static let zeek: FileMagic = {
        do {
            return try FileMagic(files: ZeekFileMagic.files)
        } catch {
            preconditionFailure("Zeek's file magic signatures do not parse: \(error)")
        }
    }()

    let signatures: [FileMagicSignature]

    public init(files: [String]) throws(DPDSignatureError) {
        var all: [FileMagicSignature] = []
        for file in files { all += try FileMagicSignature.parse(file) }
        signatures = all
    }

    /// The type of a file beginning with `bytes` (only the first
    /// `sniffLength` are read), or nil when no signature matches.
    public func mimeType(of bytes: UnsafeRawBufferPointer) -> String? {
        let head = UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.sniffLength))
        guard let first = head.first else { return nil }
        var scratch = PatternScratch()
        var best: FileMagicSignature?
        for signature in signatures where signature.firstBytes?.contains(first) != false {
            if let current = best, !signature.outranks(current) { continue }
            if signature.pattern.matches(head, UnsafeRawBufferPointer(start: nil, count: 0), scratch: &scratch) {
                best = signature
            }
        }
        return best?.mimeType
    }
}

extension FileMagicSignature {
    /// Stronger, or as strong with a type that sorts first.
    func outranks(_ other: FileMagicSignature) -> Bool {
        strength != other.strength ? strength > other.strength
            : mimeType.utf8.lexicographicallyPrecedes(other.mimeType.utf8)
    }
}
