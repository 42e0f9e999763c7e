// Screen readers: the names, roles and value texts ipywidgets 8 does not give.
// - a slider handle is named by its description label (which carries the unit) and tells
//   its value with the unit: "Weekly increase (%)", "10 %"; its typed readout is a named text box;
//   an inactive (disabled) slider's handle says so (aria-disabled);
// - a radio group is a named radiogroup (its description, or its question's text);
// - toggle buttons form a named group and say whether they are pressed;
// - any other control in a labelled row without a name is named by the row's label;
// - a group of tick boxes marked bot-checkbox-group is a named group.
// Every change is made only when the attribute differs, so a rescan changes nothing.
var BLANK = /[\s\u200b]+/g;

function textOf(element) {
  return element ? element.textContent.replace(BLANK, " ").trim() : "";
}

function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

// The row's own description label, if it shows text.
function labelOf(row) {
  var label = row.querySelector(":scope > .widget-label");
  return label && label.style.display !== "none" && textOf(label) ? label : null;
}

function nameBy(element, label) {
  setAttribute(element, "aria-labelledby", course.idFor(label, "bot-label"));
}

// "10" and "Weekly increase (%)" -> "10 %"; the unit is the label's last bracket:
// "(0–10)" -> "3 of 10", "(weeks, 0 = none)" -> "0 weeks", "(week no.)" -> "week 8", "(°)" -> "12.5°".
function valueText(value, label) {
  var bracket = /\(([^()]*)\)\s*$/.exec(label);
  if (!bracket || !value) return value;
  var unit = bracket[1].split(",")[0].trim();
  var range = /^-?[\d.]+\s*[–-]\s*(-?[\d.]+)$/.exec(unit);
  if (range) return value + " of " + range[1];
  if (/ no\.$/.test(unit)) return unit.slice(0, -4) + " " + value;
  if (unit === "°") return value + unit;
  return value + " " + unit;
}

var watched = typeof WeakSet === "function" ? new WeakSet() : null;

// Re-apply ``fix`` when a library rewrites one of ``attributes`` (noUiSlider its value
// text, ipywidgets a toggle button's class): those changes are not child-list changes.
function watch(element, attributes, fix) {
  if (!watched || watched.has(element)) return;
  watched.add(element);
  new MutationObserver(fix).observe(element, { attributes: true, attributeFilter: attributes });
}

function slider(row) {
  var label = labelOf(row);
  var readout = row.querySelector(".widget-readout");
  var handles = row.querySelectorAll(".noUi-handle");
  var shown = readout && readout.style.display !== "none" && handles.length === 1 ? textOf(readout) : "";
  var track = row.querySelector(".slider");  // ipywidgets marks it disabled while the slider does nothing
  var inactive = track && track.hasAttribute("disabled") ? "true" : "false";
  if (track) watch(track, ["disabled"], function () { slider(row); });
  handles.forEach(function (handle) {
    if (label) nameBy(handle, label);
    setAttribute(handle, "aria-disabled", inactive);
    var value = shown || handle.getAttribute("aria-valuenow") || "";
    var wanted = valueText(value, label ? textOf(label) : "");
    if (wanted) setAttribute(handle, "aria-valuetext", wanted);
    watch(handle, ["aria-valuetext"], function () { slider(row); });
  });
  if (readout && label) {
    setAttribute(readout, "role", "textbox");
    nameBy(readout, label);
  }
}

// A radio group's name: its description, else the question it answers (a self-test's prompt).
function radioName(box) {
  var label = box.parentElement && labelOf(box.parentElement);
  if (label) return label;
  var question = box.closest(".back-on-track-question");
  var prompt = question && question.querySelector(".widget-html-content");
  return prompt && textOf(prompt) ? prompt : null;
}

function toggleButtons(row) {
  var label = labelOf(row);
  var group = row.querySelector(":scope > div:not(.widget-label)") || row;
  setAttribute(group, "role", "group");
  if (label) nameBy(group, label);
  group.querySelectorAll("button").forEach(function (button) { pressed(button); });
}

function pressed(button) {
  setAttribute(button, "aria-pressed", button.classList.contains("mod-active") ? "true" : "false");
  watch(button, ["class"], function () { pressed(button); });
}

function unnamed(control) {
  return !control.getAttribute("aria-label") && !control.getAttribute("aria-labelledby")
    && !(control.labels && control.labels.length && textOf(control.labels[0]));
}

course.addScan(function screenReader(app) {
  app.querySelectorAll(".widget-slider").forEach(slider);
  app.querySelectorAll(".widget-radio-box").forEach(function (box) {
    setAttribute(box, "role", "radiogroup");
    var name = radioName(box);
    if (name) nameBy(box, name);
  });
  app.querySelectorAll(".widget-toggle-buttons").forEach(toggleButtons);
  app.querySelectorAll("button.widget-toggle-button").forEach(pressed);
  app.querySelectorAll(".bot-checkbox-group").forEach(function (group) {
    setAttribute(group, "role", "group");
    var label = group.querySelector(".widget-label");
    if (label && textOf(label)) nameBy(group, label);
  });
  app.querySelectorAll("input, select, textarea").forEach(function (control) {
    if (control.type === "hidden" || control.type === "radio" || !unnamed(control)) return;
    var row = control.closest(".widget-inline-hbox");
    var label = row && labelOf(row);
    if (label) nameBy(control, label);
  });
});
