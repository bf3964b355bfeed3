/// Zeek's file magic signatures, verbatim from zeek/zeek's
/// `scripts/base/frameworks/files/magic/*.sig` at commit a13de64fbbdb (BSD
/// licence, testdata/third-party/COPYING.zeek), in the order its
/// `__load__.zeek` loads them, so that updating them is a copy of the files.
enum ZeekFileMagic {
    static let files = [archive, audio, executable, font, general, image, java, office, programming, python, video,
                        libmagic]
}
