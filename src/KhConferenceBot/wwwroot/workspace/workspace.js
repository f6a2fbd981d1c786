// The workspace's only hand-written script: sign-in (Teams SSO or the local key) and the Teams deep link.
// Everything else runs on the server over the live connection.
(function () {
  "use strict";

  const sessionPath = "/organizer/session";

  function show(message, isError) {
    const status = document.getElementById("ws-signin-status");
    if (!status) return;
    status.textContent = message;
    status.className = isError ? "ws-alert" : "ws-note";
  }

  async function signIn(headers, returnUrl) {
    const response = await fetch(sessionPath, { method: "POST", headers: headers, credentials: "same-origin" });
    if (response.status === 204) {
      window.location.replace(returnUrl);
      return;
    }
    let title = "Không đăng nhập được. Sign-in failed.";
    try { title = (await response.json()).title || title; } catch { /* not JSON: keep the general line */ }
    show(title, true);
  }

  // Teams answers app.initialize only inside its client; in a plain browser the call never settles, hence the race.
  async function inTeams() {
    if (!window.microsoftTeams || window.parent === window) return false;
    const timeout = new Promise(function (resolve) { setTimeout(function () { resolve(false); }, 3000); });
    const ready = microsoftTeams.app.initialize().then(function () { return true; }, function () { return false; });
    return Promise.race([ready, timeout]);
  }

  // A chat link opens the tab with "conference[/page]" as its sub-page (TabLinks.cs). The start page checks it
  // (?open=) against what the person may open and goes there.
  async function teamsTarget(returnUrl) {
    try {
      const context = await microsoftTeams.app.getContext();
      const subPage = context && context.page && context.page.subPageId;
      if (subPage && subPage.length <= 200 && returnUrl === "/organizer") {
        return "/organizer?open=" + encodeURIComponent(subPage);
      }
    } catch { /* no context: the default page */ }
    return returnUrl;
  }

  // Already signed in, the tab opens the start page directly: the sub-page is read here instead of at sign-in.
  async function openSubPage() {
    const path = window.location.pathname.replace(/\/$/, "");
    if ((path !== "/organizer" && path !== "/organizer/conferences") || new URLSearchParams(window.location.search).has("open")) return;
    if (!(await inTeams())) return;
    const target = await teamsTarget("/organizer");
    if (target !== "/organizer") window.location.replace(target);
  }

  async function start() {
    const root = document.querySelector(".ws-signin");
    if (!root) {
      await openSubPage();
      return;
    }
    const returnUrl = root.dataset.returnUrl || "/organizer";
    const form = document.getElementById("ws-key-form");
    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        const key = document.getElementById("ws-key").value;
        signIn({ "X-Organizer-Key": key }, returnUrl).catch(function () { show("Không kết nối được máy chủ. The server cannot be reached.", true); });
      });
    }
    if (root.dataset.local === "true" || !(await inTeams())) return;
    try {
      const token = await microsoftTeams.authentication.getAuthToken();
      await signIn({ "Authorization": "Bearer " + token }, await teamsTarget(returnUrl));
    } catch (error) {
      show("Teams không cấp được đăng nhập (" + error + "). Teams could not sign you in.", true);
    }
  }

  // The invitation page: the card rendered by the official Adaptive Cards renderer from the JSON the bot sends,
  // loaded on first use (it is large and only this page needs it).
  let renderer = null;
  function loadRenderer(src) {
    if (window.AdaptiveCards) return Promise.resolve();
    if (!renderer) {
      renderer = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return renderer;
  }

  // Teams renders the cards' TextBlocks as Markdown; the renderer leaves that to its host. Bold is what the bot uses.
  function markdown(text, result) {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    result.outputHtml = escaped.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/\n/g, "<br>");
    result.didProcess = true;
  }

  window.khcbWorkspace = {
    renderCard: async function (host, json, rendererSrc) {
      await loadRenderer(rendererSrc);
      AdaptiveCards.AdaptiveCard.onProcessMarkdown = markdown;
      // The renderer checks "lang" with a global (/g) regular expression, whose lastIndex survives between calls: every
      // second card with "lang" on one page failed to parse ("Invalid value \"vi\" for property \"lang\""). Start each parse afresh.
      const lang = AdaptiveCards.CardElement && AdaptiveCards.CardElement.langProperty;
      if (lang && lang.regEx) lang.regEx.lastIndex = 0;
      const card = new AdaptiveCards.AdaptiveCard();
      const context = new AdaptiveCards.SerializationContext();
      card.parse(JSON.parse(json), context);
      const problems = [];
      for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
      // A preview only shows the card: its buttons would act for the delegate.
      card.onExecuteAction = function () { };
      host.replaceChildren(card.render());
      return problems;
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
