//! A PDF/UA-1 checker for the rules sheaf's PDFs must meet (no veraPDF
//! installs here, so this is the gate): every text, path, image or
//! XObject drawing is inside tagged marked content whose MCID is in the
//! structure tree, or inside `/Artifact`; form XObjects drawn outside both
//! are walked for their own marks; every link annotation has `/Contents`
//! and an `OBJR` in the structure tree; the catalog has `/Lang`,
//! `DisplayDocTitle`, `MarkInfo`, a structure tree, an outline and XMP
//! with `pdfuaid:part` 1 and a `dc:title`; the file is PDF 1.7 or later.
//! Written from ISO 14289-1 (7.1, 7.18.5, 5) independently of sheaf's own
//! finishing code.

use std::collections::HashSet;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One broken rule, saying where.
pub type Problem = String;

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

fn dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, obj) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// What the structure tree points at: (page, MCID) pairs and the objects
/// of its `OBJR`s.
#[derive(Default)]
struct Tree {
    mcids: HashSet<(ObjectId, i64)>,
    objrs: HashSet<ObjectId>,
}

fn walk_tree(doc: &Document, root: &Dictionary) -> Tree {
    let mut tree = Tree::default();
    let mut seen = HashSet::new();
    let mut stack: Vec<(Object, Option<ObjectId>)> = root
        .get(b"K")
        .ok()
        .map(|k| vec![(k.clone(), None)])
        .unwrap_or_default();
    while let Some((node, page)) = stack.pop() {
        if let Object::Reference(id) = node
            && !seen.insert(id)
        {
            continue;
        }
        match deref(doc, &node) {
            Object::Integer(mcid) => {
                if let Some(page) = page {
                    tree.mcids.insert((page, *mcid));
                }
            }
            Object::Array(items) => stack.extend(items.iter().map(|i| (i.clone(), page))),
            Object::Dictionary(d) => {
                let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                match d.get(b"Type").and_then(Object::as_name) {
                    Ok(b"OBJR") => {
                        if let Ok(obj) = d.get(b"Obj").and_then(Object::as_reference) {
                            tree.objrs.insert(obj);
                        }
                    }
                    Ok(b"MCR") => {
                        if let (Some(page), Ok(mcid)) =
                            (page, d.get(b"MCID").and_then(Object::as_i64))
                        {
                            tree.mcids.insert((page, mcid));
                        }
                    }
                    _ => {
                        if let Ok(k) = d.get(b"K") {
                            stack.push((k.clone(), page));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    tree
}

fn is_drawing(op: &str) -> bool {
    matches!(
        op,
        "Tj" | "TJ"
            | "'"
            | "\""
            | "S"
            | "s"
            | "f"
            | "F"
            | "f*"
            | "B"
            | "B*"
            | "b"
            | "b*"
            | "sh"
            | "Do"
            | "BI"
            | "EI"
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Tagged(i64),
    Artifact,
    Other,
}

/// The page whose content is being walked.
struct PageWalk<'a> {
    doc: &'a Document,
    tree: &'a Tree,
    number: usize,
    id: ObjectId,
}

/// Checks the drawing of one content stream; `inherited` is the context
/// of the `Do` that drew it (forms) or `None` (pages).
fn check_stream(
    walk: &PageWalk<'_>,
    bytes: &[u8],
    resources: Option<&Dictionary>,
    inherited: Option<Context>,
    depth: usize,
    problems: &mut Vec<Problem>,
) {
    let (doc, tree, page) = (walk.doc, walk.tree, (walk.number, walk.id));
    let Ok(content) = Content::decode(bytes) else {
        problems.push(format!("page {}: unreadable content stream", page.0));
        return;
    };
    let mut stack: Vec<Context> = inherited.into_iter().collect();
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let tag = op.operands.first().and_then(|o| o.as_name().ok());
                let props = op.operands.get(1).and_then(|o| match o {
                    Object::Dictionary(d) => Some(d.clone()),
                    Object::Name(n) => resources
                        .and_then(|r| r.get(b"Properties").ok())
                        .and_then(|p| dict(doc, p))
                        .and_then(|p| p.get(n).ok())
                        .and_then(|p| dict(doc, p))
                        .cloned(),
                    _ => None,
                });
                let mcid = props.and_then(|p| p.get(b"MCID").and_then(Object::as_i64).ok());
                stack.push(match (tag, mcid) {
                    (Some(b"Artifact"), _) => Context::Artifact,
                    (_, Some(mcid)) => Context::Tagged(mcid),
                    _ => Context::Other,
                });
            }
            "EMC" => {
                stack.pop();
            }
            name if is_drawing(name) => {
                let context = stack.iter().rev().find(|c| **c != Context::Other).copied();
                if name == "Do"
                    && context.is_none()
                    && depth < 8
                    && let Some(form) = form_xobject(doc, resources, op)
                {
                    // An untagged form may still mark its own content.
                    let bytes = form.decompressed_content().unwrap_or_default();
                    let inner = form
                        .dict
                        .get(b"Resources")
                        .ok()
                        .and_then(|r| dict(doc, r))
                        .or(resources);
                    check_stream(walk, &bytes, inner, None, depth + 1, problems);
                    continue;
                }
                match context {
                    None => problems.push(format!(
                        "page {}: `{name}` drawn outside tagged or artifact content{}",
                        page.0,
                        if depth > 0 {
                            " (in a form XObject)"
                        } else {
                            ""
                        }
                    )),
                    Some(Context::Tagged(mcid))
                        if inherited.is_none() && !tree.mcids.contains(&(page.1, mcid)) =>
                    {
                        problems.push(format!(
                            "page {}: MCID {mcid} is not in the structure tree",
                            page.0
                        ));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

fn form_xobject<'a>(
    doc: &'a Document,
    resources: Option<&Dictionary>,
    op: &lopdf::content::Operation,
) -> Option<&'a lopdf::Stream> {
    let name = op.operands.first()?.as_name().ok()?;
    let xobjects = dict(doc, resources?.get(b"XObject").ok()?)?;
    let id = xobjects.get(name).ok()?.as_reference().ok()?;
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    (stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")).then_some(stream)
}

fn check_catalog(doc: &Document, problems: &mut Vec<Problem>) -> Option<Tree> {
    let Ok(catalog) = doc.catalog() else {
        problems.push("no catalog".into());
        return None;
    };
    let version: f32 = doc.version.parse().unwrap_or(0.0);
    if version < 1.7 {
        problems.push(format!("PDF version {} (PDF/UA-1 needs 1.7)", doc.version));
    }
    match catalog.get(b"Lang").map(|l| deref(doc, l)) {
        Ok(Object::String(lang, _)) if !lang.is_empty() => {}
        _ => problems.push("no /Lang in the catalog".into()),
    }
    let shows_title = catalog
        .get(b"ViewerPreferences")
        .ok()
        .and_then(|v| dict(doc, v))
        .and_then(|v| v.get(b"DisplayDocTitle").ok())
        .and_then(|b| b.as_bool().ok());
    if shows_title != Some(true) {
        problems.push("ViewerPreferences /DisplayDocTitle is not true".into());
    }
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|m| dict(doc, m))
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|b| b.as_bool().ok());
    if marked != Some(true) {
        problems.push("MarkInfo /Marked is not true".into());
    }
    let xmp = catalog
        .get(b"Metadata")
        .ok()
        .and_then(|m| m.as_reference().ok())
        .and_then(|id| doc.get_object(id).ok())
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| {
            s.decompressed_content()
                .ok()
                .or_else(|| Some(s.content.clone()))
        })
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    match xmp {
        None => problems.push("no XMP metadata".into()),
        Some(xmp) => {
            if !xmp.contains("<pdfuaid:part>1</pdfuaid:part>")
                && !xmp.contains("pdfuaid:part=\"1\"")
            {
                problems.push("XMP has no pdfuaid:part 1".into());
            }
            if !xmp.contains("<dc:title>") {
                problems.push("XMP has no dc:title".into());
            }
        }
    }
    let outline_first = catalog
        .get(b"Outlines")
        .ok()
        .and_then(|o| dict(doc, o))
        .and_then(|o| o.get(b"First").ok());
    if outline_first.is_none() {
        problems.push("no outline (bookmarks)".into());
    }
    match catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|s| dict(doc, s))
    {
        Some(root) => Some(walk_tree(doc, root)),
        None => {
            problems.push("no structure tree".into());
            None
        }
    }
}

/// Every PDF/UA-1 rule above that `pdf` breaks.
pub fn pdf_ua_problems(pdf: &[u8]) -> Vec<Problem> {
    let doc = match Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("cannot read the PDF: {e}")],
    };
    let mut problems = Vec::new();
    let tree = check_catalog(&doc, &mut problems).unwrap_or_default();
    for (n, page) in doc.get_pages() {
        let n = n as usize;
        let Ok(page_dict) = doc.get_dictionary(page) else {
            continue;
        };
        let resources = page_dict.get(b"Resources").ok().and_then(|r| dict(&doc, r));
        let bytes = doc.get_page_content(page);
        let walk = PageWalk {
            doc: &doc,
            tree: &tree,
            number: n,
            id: page,
        };
        check_stream(&walk, &bytes, resources, None, 0, &mut problems);
        let annots = page_dict
            .get(b"Annots")
            .ok()
            .map(|a| deref(&doc, a))
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        for annot in annots {
            let Some(id) = annot.as_reference().ok() else {
                continue;
            };
            let Some(a) = dict(&doc, &annot) else {
                continue;
            };
            if a.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
                continue;
            }
            match a.get(b"Contents") {
                Ok(Object::String(text, _)) if !text.is_empty() => {}
                _ => problems.push(format!("page {n}: link annotation {id:?} has no /Contents")),
            }
            if !tree.objrs.contains(&id) {
                problems.push(format!(
                    "page {n}: link annotation {id:?} is not in the structure tree (no OBJR)"
                ));
            }
        }
    }
    problems
}
