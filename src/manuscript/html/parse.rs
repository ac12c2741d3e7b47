//! Parsing a web page with html5ever into a `scraper` tree, keeping the source line of every
//! element and text node (html5ever tells its tree sink the line as it goes; `scraper`'s own
//! sink does the building).

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// A parsed page and the 1-based source line of each element and text node.
pub(crate) struct Parsed {
    pub html: Html,
    pub lines: HashMap<NodeId, usize>,
}

/// Parses `source` as an HTML5 document (the way browsers do: any input gives a tree).
pub(crate) fn parse(source: &str) -> Parsed {
    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        lines: RefCell::default(),
    };
    let (html, lines) = html5ever::parse_document(sink, Default::default()).one(source);
    Parsed { html, lines }
}

/// `scraper`'s tree sink, recording the current line of each node it creates.
struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<usize>,
    lines: RefCell<HashMap<NodeId, usize>>,
}

impl LineSink {
    fn record(&self, id: NodeId) {
        self.lines.borrow_mut().entry(id).or_insert(self.line.get());
    }

    /// A text node appended to `parent` is its last child (text may merge into it).
    fn record_last_child(&self, parent: &NodeId) {
        let last = self
            .inner
            .0
            .borrow()
            .tree
            .get(*parent)
            .and_then(|n| n.last_child())
            .map(|c| c.id());
        if let Some(id) = last {
            self.record(id);
        }
    }
}

impl TreeSink for LineSink {
    type Handle = NodeId;
    type Output = (Html, HashMap<NodeId, usize>);
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }

    fn set_current_line(&self, line_number: u64) {
        self.line
            .set(usize::try_from(line_number).unwrap_or(usize::MAX));
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.record(id);
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        let id = self.inner.create_comment(text);
        self.record(id);
        id
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let text = matches!(child, NodeOrText::AppendText(_));
        self.inner.append(parent, child);
        if text {
            self.record_last_child(parent);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_and_text_keep_their_source_lines() {
        let p = parse("<!doctype html>\n<html><body>\n<h1>Title</h1>\n\n<p>One\n<b>two</b></p>");
        let line_of = |tag: &str| {
            let sel = scraper::Selector::parse(tag).unwrap();
            let el = p.html.select(&sel).next().unwrap();
            p.lines[&el.id()]
        };
        assert_eq!(line_of("h1"), 3);
        assert_eq!(line_of("p"), 5);
        assert_eq!(line_of("b"), 6);
    }
}
