// Sphinx 7.4's search page appends the summary of every hit to the results,
// but its makeSearchSummary returns null when it finds no text for a hit's
// anchor (a glossary term's hit, for example), and appending null throws a
// TypeError for every such hit. An empty summary instead keeps the page quiet.
function guardSearchSummary() {
  if (typeof Search === "undefined" || !Search.makeSearchSummary) return;
  if (Search.makeSearchSummary.guarded) return;
  const makeSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (...args) =>
    makeSummary(...args) || document.createElement("p");
  Search.makeSearchSummary.guarded = true;
}
guardSearchSummary();
document.addEventListener("DOMContentLoaded", guardSearchSummary);
