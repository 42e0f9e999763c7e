// After a failed Submit the self-check shows a box of problems at the top of the form:
// the focus moves to it (once per Submit, by its data-focus-token), and each of its
// links moves the focus to that question's answer.
course.addScan(function problemSummary(app) {
  app.querySelectorAll(".bot-error-summary[data-focus-token]").forEach(function (box) {
    if (box.dataset.focused === box.dataset.focusToken) return;
    box.dataset.focused = box.dataset.focusToken;
    box.scrollIntoView({ block: "start" });
    box.focus({ preventScroll: true });
  });
});
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest(".bot-error-summary a[data-question]");
  if (!link) return;
  event.preventDefault();
  var app = link.closest(".back-on-track-app");
  var row = app && app.querySelector(".bot-question-" + link.dataset.question);
  var answer = row && row.querySelector("input, select, textarea");
  if (!answer) return;
  row.scrollIntoView({ block: "center" });
  answer.focus({ preventScroll: true });
});
