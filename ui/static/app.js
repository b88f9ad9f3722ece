// Citations: clicking a [n] marker in the chat or a citation card opens that citation of
// THAT answer (links are "#cite-<answer>-<n>"; "#cite-<n>" means the latest answer). The
// click is written as "answer:n:click-id" into the hidden #bc-cite-open box, whose input
// event makes the server render the section; when it arrives, the page scrolls to the quote.
(function () {
  var clicks = 0;
  var lastOpened = null;

  function latestAnswer() {
    var card = document.querySelector("#bc-cites [data-answer]");
    return card ? card.getAttribute("data-answer") : "0";
  }

  // Right after an answer arrives Gradio may still be redrawing the hidden box, and a
  // value written then can be lost (a newcomer's quick click did nothing 2 times in 5).
  // Until the source shows this click, it is written again, at most RESENDS times; a value
  // the server already has fires nothing (Gradio's change needs a new value).
  var RESEND_MS = 1500;
  var RESENDS = 3;
  var pending = null;

  function open(answer, n) {
    clicks += 1;
    var id = Date.now().toString(36) + "-" + clicks;
    pending = id;
    send(answer + ":" + n + ":" + id, id, RESENDS);
  }

  function send(value, id, resends) {
    var box = document.querySelector("#bc-cite-open textarea, #bc-cite-open input");
    if (box) {
      box.value = value;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (resends > 0) {
      setTimeout(function () {
        if (pending === id && !isShown(id)) send(value, id, resends - 1);
      }, RESEND_MS);
    }
  }

  function isShown(id) {
    var source = document.querySelector("#bc-source [data-opened]");
    var opened = source ? source.getAttribute("data-opened") || "" : "";
    return opened.slice(-(id.length + 1)) === ":" + id;
  }

  function target(el) {
    if (el.hasAttribute("data-cite")) {
      return [el.getAttribute("data-answer") || latestAnswer(), el.getAttribute("data-cite")];
    }
    var parts = el.getAttribute("href").slice("#cite-".length).split("-");
    return parts.length === 2 ? parts : [latestAnswer(), parts[0]];
  }

  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    el = el && el.closest('a[href^="#cite-"], [data-cite]');
    if (!el) return;
    event.preventDefault();
    event.stopPropagation();
    var where = target(el);
    open(where[0], where[1]);
  }, true);

  document.addEventListener("keydown", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    if (event.key === "Enter" && el && el.hasAttribute("data-cite")) {
      var where = target(el);
      open(where[0], where[1]);
    }
  });

  // A newly opened source: bring its quote into view (inside the section's own scroll box
  // and on the page, which on a phone is screens below the chat) and flash it. The cards
  // and the picker above it update in the same response but may be drawn a moment later,
  // pushing the source down: look again a few times, and scroll only if it moved away.
  var SETTLE_MS = [0, 100, 250, 500, 1000];

  function inView(mark) {
    var box = mark.getBoundingClientRect();
    var section = mark.closest(".bc-section");
    var clip = section ? section.getBoundingClientRect() : null;
    var onPage = box.bottom > 0 && box.top < window.innerHeight;
    return onPage && (!clip || (box.bottom > clip.top && box.top < clip.bottom));
  }

  function bringIntoView(mark) {
    SETTLE_MS.forEach(function (ms) {
      setTimeout(function () {
        if (mark.isConnected && !inView(mark)) {
          mark.scrollIntoView({ block: "center", inline: "nearest" });
        }
      }, ms);
    });
  }

  function showQuote() {
    var mark = document.querySelector("#bc-source mark.bc-quote");
    var source = mark && mark.closest("[data-opened]");
    var opened = source && source.getAttribute("data-opened");
    if (!opened || opened === lastOpened) return;
    lastOpened = opened;
    mark.classList.add("bc-current");
    bringIntoView(mark);
  }
  new MutationObserver(showQuote).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();

// The conversations sidebar: open beside the chat on a wide screen; on a phone it would
// cover the chat, so it starts closed there and closes again once a conversation is picked.
(function () {
  var PHONE = window.matchMedia("(max-width: 768px)");
  var settled = false;
  var userToggled = false; // a person opened or closed it: stop closing it for them

  function closeOnPhone() {
    var bar = document.querySelector("#bc-sidebar.open");
    var toggle = bar && bar.querySelector("button.toggle-button");
    if (PHONE.matches && toggle) toggle.click();
  }

  // Gradio may open the sidebar a moment after drawing it: close it until it stays closed.
  function closeUntilClosed(tries) {
    if (userToggled) return;
    closeOnPhone();
    if (tries > 0 && PHONE.matches) {
      setTimeout(function () {
        if (document.querySelector("#bc-sidebar.open")) closeUntilClosed(tries - 1);
      }, 250);
    }
  }

  new MutationObserver(function (_, observer) {
    if (settled || !document.querySelector("#bc-sidebar")) return;
    settled = true;
    observer.disconnect();
    setTimeout(function () { closeUntilClosed(8); }, 100);
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    if (el && event.isTrusted && el.closest("#bc-sidebar button.toggle-button")) {
      userToggled = true;
    }
    if (el && el.closest("#bc-conv-list label, #bc-conv-new")) setTimeout(closeOnPhone, 300);
  }, true);
})();

// Copy on a chat message: Gradio copies the message's markdown ("[\[1\]](#cite-0-1)",
// "\-", "**Nguồn:**"); people paste into Word or Zalo, so the clipboard gets the text as
// read: the answer with its [n] markers and its sources. Gradio writes with the clipboard
// API, or (on a plain-http address, where that API is missing) with a copy command.
(function () {
  var fromChatUntil = 0;

  function plain(markdown) {
    return markdown
      .replace(/\[\\\[(\d+)\\\]\]\(#cite-[\w-]+\)/g, "[$1]")
      .replace(/ {2}\n/g, "\n")
      .replace(/^> ?/gm, "")
      .replace(/(?<!\\)(\*\*|_)/g, "")
      .replace(/\\([^\w\s])/g, "$1")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    if (el && el.closest("#bc-chat .message-buttons button")) fromChatUntil = Date.now() + 1000;
  }, true);

  var clipboard = navigator.clipboard;
  if (clipboard && clipboard.writeText) {
    var write = clipboard.writeText.bind(clipboard);
    clipboard.writeText = function (text) {
      return write(Date.now() < fromChatUntil ? plain(String(text)) : text);
    };
  }
  document.addEventListener("copy", function (event) {
    var box = event.target instanceof HTMLTextAreaElement ? event.target : null;
    if (!box || Date.now() >= fromChatUntil || !event.clipboardData) return;
    event.clipboardData.setData("text/plain", plain(box.value));
    event.preventDefault();
  }, true);
})();

// Gradio names a pressed thumb "Liked" / "Disliked", the chat "chatbot conversation" and
// each message "bot's message: <its markdown>" for screen readers, in English whatever the
// language. window.bcChatLabels (written by the server, ui/gradio_text.py) holds the
// page's words: whole labels, and the message roles (then followed by the text as read).
(function () {
  var labels = window.bcChatLabels || { words: {}, roles: {} };
  if (!Object.keys(labels.words).length) return;

  function relabel(el) {
    var label = el.getAttribute("aria-label");
    var said = labels.words[label];
    if (said) {
      el.setAttribute("aria-label", said);
      if (el.hasAttribute("title")) el.setAttribute("title", said);
      return;
    }
    Object.keys(labels.roles).forEach(function (prefix) {
      if (label.indexOf(prefix) === 0) {
        el.setAttribute("aria-label", labels.roles[prefix] + ": " + el.innerText.trim());
      }
    });
  }
  new MutationObserver(function () {
    document.querySelectorAll("#bc-chat [aria-label]").forEach(relabel);
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label"],
  });
})();
