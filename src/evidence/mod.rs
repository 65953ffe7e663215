//! Evidence.
pub mod bibliography;
#[cfg(test)]
mod scratch {
    #[test]
    fn dump() {
        let src = crate::diagnostics::SourceFile::new("apa.bib", include_str!("../../tests/fixtures/evidence/apa.bib"));
        let e = super::bibliography::parse_source(&src, std::path::Path::new("a.bib")).unwrap();
        for x in &e { println!("{:?}", super::bibliography::work_from_entry(x)); }
        let src = crate::diagnostics::SourceFile::new("b.yml", include_str!("../../tests/fixtures/evidence/hayagriva.yml"));
        let e = super::bibliography::parse_source(&src, std::path::Path::new("a.yml")).unwrap();
        for x in &e { println!("{:?}", super::bibliography::work_from_entry(x)); }
        fn ss<T: Send + Sync>() {}
        ss::<hayagriva::Entry>();
    }
}
