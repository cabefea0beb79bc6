"""The site's search works offline: its index ships with the site, and a query
for the book's central idea finds the pages about it; so does the name
machine learning gives to reverse mode, "backpropagation", which readers
coming from neural networks will type first."""

from __future__ import annotations

from book_pages import PAGES


def search(browsing, query: str) -> list[dict]:
    """The results of the site's search page for query: href and text of each."""
    visit = browsing.blank_visit(f"search.html?q={query.replace(' ', '+')}")
    context, page = browsing.new_page(visit)
    try:
        page.goto(visit.url, wait_until="load")
        # Sphinx writes the summary once the search has finished, found or not.
        page.wait_for_selector("#search-results .search-summary", timeout=15_000)
        results = page.eval_on_selector_all(
            "#search-results ul.search li",
            "items => items.map(li => ({href: li.querySelector('a').getAttribute('href'), text: li.textContent}))",
        )
        page.screenshot(path=str(browsing.screenshots / f"search-{query.replace(' ', '-')}.png"))
    finally:
        context.close()
    assert visit.blocked == [] and visit.console_errors == [] and visit.missing == []
    return results


def test_search_finds_reverse_mode(browsing):
    results = search(browsing, "reverse mode")
    assert results, "no result for 'reverse mode'"
    assert any("reverse" in result["text"].lower() for result in results)
    found_pages = {result["href"].split(".html")[0] for result in results}
    assert found_pages & set(PAGES), f"no page of the toc among the results: {found_pages}"


def test_search_finds_backpropagation_where_reverse_mode_is_introduced(browsing):
    results = search(browsing, "backpropagation")
    found_pages = {result["href"].split(".html")[0] for result in results}
    assert "book/forward_reverse" in found_pages, f"results: {found_pages}"
