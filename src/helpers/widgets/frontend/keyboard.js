// Keyboard in JupyterLab: keys pressed on a course widget's control belong to the widget.
// JupyterLab's notebook shortcuts (arrow keys move the cell cursor, "a" adds a cell...)
// match the focused element itself; Lumino's CommandRegistry skips an element marked
// data-lm-suppress-shortcuts, so every focusable control carries the mark.
// Radio buttons of one question share a name, so the arrow keys move between them.
var FOCUSABLE = "input, select, button, textarea, summary, a[href], [tabindex], [contenteditable]";
course.addScan(function keyboard(app) {
  app.querySelectorAll(FOCUSABLE).forEach(function (control) {
    if (!control.hasAttribute("data-lm-suppress-shortcuts")) control.setAttribute("data-lm-suppress-shortcuts", "true");
  });
  app.querySelectorAll(".widget-radio-box").forEach(function (box) {
    var name = course.idFor(box, "bot-radios");
    box.querySelectorAll('input[type="radio"]').forEach(function (input) {
      if (input.name !== name) input.name = name;
    });
  });
});
