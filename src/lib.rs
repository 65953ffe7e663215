pub mod diagnostics;
pub mod evidence;
pub mod markdown {
    pub mod citations;
}
