//! The document-level facts PDF/UA-1 and reproducible builds ask for: XMP
//! metadata with the PDF/UA identifier and the title, the document
//! information dictionary (title, sheaf as Producer and Creator, dates
//! from the content rather than the clock), `DisplayDocTitle`, the
//! language, and a document `/ID` computed from the file itself.

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

/// What the metadata says about one PDF.
#[derive(Debug, Clone)]
pub struct DocFacts {
    pub title: String,
    /// BCP 47, e.g. `en-AU`.
    pub lang: String,
    /// Seconds since 1970 (`SOURCE_DATE_EPOCH` or the content's date);
    /// `None` leaves the dates out.
    pub date: Option<i64>,
}

/// `sheaf 0.4.0`, what Producer and Creator name.
pub fn producer() -> String {
    format!("sheaf {}", env!("CARGO_PKG_VERSION"))
}

/// (`D:20250210000000Z`, `2025-02-10T00:00:00Z`) for a Unix time.
fn dates(epoch: i64) -> Option<(String, String)> {
    let day = crate::print::date_from_epoch(epoch)?;
    let secs = epoch.rem_euclid(86_400);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let (y, mo, d) = (day.year, day.month, day.day);
    let pdf = format!("D:{y:04}{mo:02}{d:02}{h:02}{m:02}{s:02}Z");
    let iso = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z");
    Some((pdf, iso))
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: Dublin Core title and language, the PDF/UA part, the
/// producer and the dates.
fn xmp(facts: &DocFacts) -> String {
    let title = xml_escape(&facts.title);
    let lang = xml_escape(&facts.lang);
    let producer = xml_escape(&producer());
    let dates = facts
        .date
        .and_then(dates)
        .map(|(_, iso)| {
            format!(
                "\n   <xmp:CreateDate>{iso}</xmp:CreateDate>\n   <xmp:ModifyDate>{iso}</xmp:ModifyDate>\n   <xmp:MetadataDate>{iso}</xmp:MetadataDate>"
            )
        })
        .unwrap_or_default();
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>{dates}
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

fn text(s: &str) -> Object {
    // PDF text strings are PDFDocEncoding or UTF-16BE with a BOM.
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Writes the catalog's metadata, language and viewer preference, and a
/// fresh information dictionary.
pub fn write_metadata(doc: &mut Document, facts: &DocFacts) -> Result<(), String> {
    let mut stream = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(facts).into_bytes(),
    );
    // Left uncompressed, as XMP is meant to be findable by byte search.
    stream.allows_compression = false;
    let metadata = doc.add_object(stream);

    let mut info = Dictionary::new();
    info.set("Title", text(&facts.title));
    info.set("Producer", text(&producer()));
    info.set("Creator", text(&producer()));
    if let Some((pdf, _)) = facts.date.and_then(dates) {
        info.set("CreationDate", text(&pdf));
        info.set("ModDate", text(&pdf));
    }
    let info = doc.add_object(info);
    doc.trailer.set("Info", info);

    let catalog = doc
        .catalog_mut()
        .map_err(|e| format!("the PDF has no catalog: {e}"))?;
    catalog.set("Metadata", metadata);
    catalog.set("Lang", text(&facts.lang));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter([("Marked", Object::Boolean(true))]),
    );
    doc.version = "1.7".into();
    Ok(())
}

/// What the document `/ID` holds until the file is written: 16 bytes no
/// other hex string in the file spells.
const PENDING_ID: &[u8; 16] = b"sheaf-id-pending";

/// Gives the document a placeholder `/ID`, for [`stamp_id`] to fill in.
pub fn reserve_id(doc: &mut Document) {
    let id = Object::String(PENDING_ID.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// Replaces the placeholder `/ID` in the written file with the MD5 of
/// the file as written: the same content always gets the same
/// identifier, and the file is written only once.
pub fn stamp_id(saved: &mut [u8]) {
    use md5::Digest as _;
    let hex = |bytes: &[u8]| -> Vec<u8> {
        bytes
            .iter()
            .flat_map(|b| format!("{b:02X}").into_bytes())
            .collect()
    };
    let pending = hex(PENDING_ID);
    let digest = hex(&md5::Md5::digest(&*saved));
    let mut at = 0;
    while let Some(found) = saved[at..]
        .windows(pending.len())
        .position(|w| w.eq_ignore_ascii_case(&pending))
    {
        let start = at + found;
        saved[start..start + pending.len()].copy_from_slice(&digest);
        at = start + pending.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_names_pdf_ua_part_one_the_title_and_the_date() {
        let packet = xmp(&DocFacts {
            title: "Learning & home".into(),
            lang: "en-AU".into(),
            date: Some(1_739_145_600),
        });
        assert!(packet.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(packet.contains(">Learning &amp; home</rdf:li>"));
        assert!(packet.contains("<xmp:CreateDate>2025-02-10T00:00:00Z</xmp:CreateDate>"));
    }

    #[test]
    fn the_id_is_the_digest_of_the_file_written_with_the_placeholder() {
        let mut doc = Document::with_version("1.7");
        let catalog = doc.add_object(Dictionary::new());
        doc.trailer.set("Root", catalog);
        reserve_id(&mut doc);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        let mut stamped = bytes.clone();
        stamp_id(&mut stamped);
        assert_eq!(stamped.len(), bytes.len());
        let again = Document::load_mem(&stamped).unwrap();
        let Ok(Object::Array(ids)) = again.trailer.get(b"ID") else {
            panic!("no /ID")
        };
        use md5::Digest as _;
        let want = md5::Md5::digest(&bytes).to_vec();
        assert_eq!(ids[0].as_str().unwrap(), want.as_slice());
        assert_eq!(ids[1].as_str().unwrap(), want.as_slice());
    }

    #[test]
    fn non_ascii_titles_are_utf16_with_a_byte_order_mark() {
        let Object::String(bytes, _) = text("é") else {
            panic!()
        };
        assert_eq!(bytes, [0xfe, 0xff, 0x00, 0xe9]);
    }
}
