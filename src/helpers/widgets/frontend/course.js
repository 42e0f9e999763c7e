// The course's own layer in the browser: one global installer, run once per page.
// Scans run on every course widget (.back-on-track-app) when it appears or changes.
(function () {
  if (window.backOnTrack) return;
  var scans = [];
  var pending = false;
  var counter = 0;
  var course = {
    addScan: function (scan) { scans.push(scan); },
    idFor: function (element, prefix) {
      if (!element.id) element.id = prefix + "-" + (++counter);
      return element.id;
    },
    scan: function (root) {
      var apps = root && root.matches && root.matches(".back-on-track-app")
        ? [root] : document.querySelectorAll(".back-on-track-app");
      apps.forEach(function (app) {
        scans.forEach(function (scan) {
          try { scan(app); } catch (error) { console.warn("[back-on-track]", scan.name, error); }
        });
      });
    },
    schedule: function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; course.scan(); });
    },
  };
  window.backOnTrack = course;
  window.__BOT_PARTS__.forEach(function (part) { part(course); });
  function touchesApp(mutation) {
    var target = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
    if (target && target.closest && target.closest(".back-on-track-app")) return true;
    for (var j = 0; j < mutation.addedNodes.length; j++) {  // a course widget or course HTML output appearing
      var node = mutation.addedNodes[j];
      if (node.nodeType === 1 && (node.matches(".back-on-track-app") || node.querySelector(".back-on-track-app"))) {
        return true;
      }
    }
    return false;
  }
  new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i++) {
      if (touchesApp(mutations[i])) { course.schedule(); return; }
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})();
