// Gradio's own words (upload area, queue place, "Loading") come from its svelte-i18n store.
// Gradio picks that store's locale once, from the browser's language, and only its hidden
// settings panel changes it; Vietnamese is not one of its languages, so a Vietnamese
// browser gets English. The app's language switch sets it here through Gradio's own
// `changeLocale`: importing the module Gradio loaded (same URL) gives the same instance,
// hence the same store. svelte-i18n also writes the locale to <html lang>, which the
// toast titles' CSS and the browser's font fallback for Vietnamese both read.
(function () {
  var CORE = /\/assets\/core-[^/]*\.js$/;
  var core = null;

  function coreUrl() {
    var links = document.querySelectorAll('link[rel="modulepreload"]');
    for (var i = 0; i < links.length; i += 1) {
      if (CORE.test(links[i].href)) return links[i].href;
    }
    var loaded = performance.getEntriesByType("resource").map(function (e) { return e.name; });
    return loaded.find(function (name) { return CORE.test(name); }) || null;
  }

  // Imported once, now: a switch then takes effect within microseconds, long before the
  // upload areas come back from the server to be redrawn (gradio_text.follow_page_language).
  var url = coreUrl();
  if (url) {
    core = import(url);
  } else {
    console.warn("baocao: Gradio's i18n module not found; its own labels stay as they are");
  }

  window.bcSetLocale = function (code) {
    if ((code === "vi" || code === "en") && core) {
      core.then(function (module) {
        if (module.changeLocale) module.changeLocale(code);
        else console.warn("baocao: this Gradio has no changeLocale; its own labels stay as they are");
      });
    }
  };
})();
