use super::*;

fn page(body: &str) -> Page {
    convert(&format!(
        "<!doctype html>\n<html><head><title>A Talk | The Site</title></head>\n<body>\n{body}\n</body></html>"
    ))
}

fn reasons(p: &Page) -> Vec<(DropReason, String)> {
    p.dropped
        .iter()
        .map(|d| (d.reason, d.text.clone()))
        .collect()
}

#[test]
fn bold_labels_become_markdown_labels_and_br_ends_a_line() {
    let p = page(
        "<article><h1>A Talk</h1>\n<p><strong>Q: </strong>Why?<br><b>A:</b> Because.</p>\n\
         <p><b>Jane Doe</b>: Yes &amp; no&nbsp;&mdash; maybe.</p></article>",
    );
    assert_eq!(
        p.text,
        "# A Talk\n\n**Q:** Why?\n**A:** Because.\n\n**Jane Doe**: Yes & no — maybe.\n\n"
    );
    assert_eq!(p.lines[2], 5, "each line keeps its source line");
}

#[test]
fn title_falls_back_to_og_title_then_title_without_the_site() {
    let p = page("<div><p>Some words that are long enough to count, and more.</p></div>");
    assert!(p.text.starts_with("# A Talk\n"), "{}", p.text);
    let p = convert(
        "<html><head><meta property=\"og:title\" content=\"Open Graph\"><title>T | S</title>\
         <meta property=\"og:site_name\" content=\"The Site\"></head><body><p>Words here.</p></body></html>",
    );
    assert!(p.text.starts_with("# Open Graph\n"), "{}", p.text);
    assert_eq!(p.publication.as_deref(), Some("The Site"));
}

#[test]
fn page_furniture_is_dropped_and_reported() {
    let p = page(
        "<header>Site name <nav><a href=/>Home</a></nav></header>\n\
         <div class=\"cookie-notice\">We use cookies</div>\n\
         <article><h1>A Talk</h1><p class=\"byline\">By Ann Lee</p>\n\
         <p>The body of the article, long enough to be the article, with commas, yes.</p>\n\
         <script>track()</script><form><input value=\"Search\"></form>\n\
         <div class=\"share-bar\">Share on Mastodon</div>\n\
         <pre>let x = 1;</pre>\n\
         <figure><img src=\"a.jpg\" alt=\"A map\"><figcaption>Photo: B. Roe</figcaption></figure>\n\
         <!-- note to editors -->\n\
         </article>\n\
         <aside class=\"related\"><h3>More</h3><ul><li>Other</li></ul></aside>\n\
         <section id=\"comments\"><p>First!</p></section>\n<footer>© Site</footer>",
    );
    let r = reasons(&p);
    for (reason, text) in [
        (DropReason::OutsideArticle, "Site name Home"),
        (DropReason::CookieBanner, "We use cookies"),
        (DropReason::Byline, "By Ann Lee"),
        (DropReason::Script, "track()"),
        (DropReason::ShareSubscribe, "Share on Mastodon"),
        (DropReason::CodeBlock, "let x = 1;"),
        (DropReason::Image, "A map"),
        (DropReason::Caption, "Photo: B. Roe"),
        (DropReason::HtmlComment, "note to editors"),
        (DropReason::Sidebar, "More Other"),
        (DropReason::Comments, "First!"),
        (DropReason::SiteFooter, "© Site"),
    ] {
        assert!(
            r.contains(&(reason, text.to_string())),
            "{reason:?} {text:?} missing in {r:?}"
        );
    }
    assert_eq!(p.author.as_deref(), Some("Ann Lee"));
    assert_eq!(
        p.text,
        "# A Talk\n\nThe body of the article, long enough to be the article, with commas, yes.\n\n"
    );
}

#[test]
fn data_tables_are_read_by_row_and_layout_tables_by_cell() {
    let p = page(
        "<article><table><tr><th>Name</th><th>Role</th></tr>\
         <tr><td>Ada</td><td>engineer</td></tr></table>\
         <table><tr><td><p>First cell paragraph.</p></td><td><p>Second.</p></td></tr></table></article>",
    );
    assert!(
        p.text.contains("\nName: Ada. Role: engineer.\n"),
        "{}",
        p.text
    );
    assert!(
        p.text.contains("\nFirst cell paragraph.\n\nSecond.\n"),
        "{}",
        p.text
    );
}

#[test]
fn lists_quotes_and_note_marks() {
    let p = page(
        "<article><ul><li>One</li><li>Two<sup><a href=\"#n1\">1</a></sup></li></ul>\
         <blockquote><p>Quoted words.</p></blockquote></article>",
    );
    assert!(
        p.text.contains("- One\n\n- Two\n\n> Quoted words.\n"),
        "{}",
        p.text
    );
}

#[test]
fn html_is_recognised_by_its_opening() {
    assert!(looks_like_html("<!DOCTYPE html>\n<html>"));
    assert!(looks_like_html("\n<!-- saved -->\n<html lang=en>"));
    assert!(looks_like_html(
        "<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"
    ));
    assert!(!looks_like_html("# Title\n\n<b>bold</b> words"));
    assert!(!looks_like_html("Q: What about <html>?"));
}
