// A figure redrawn in place (helpers.widgets.base.FigureArea). JupyterLab's plotly renderer
// draws every new output twice and then renders a PNG snapshot of it; a slider would wait
// for all three. Here the plot that is on the page is updated with Plotly.react instead:
// once this part has found plotly.js (the renderer's own copy: window.Plotly does not exist
// in JupyterLab) and the area's plot, it presses the area's hidden "in place" button, and
// from then on the kernel sends each new figure as JSON in the hidden channel beside it.
// If a figure cannot be drawn here, the button is released and the kernel sends it as a
// new output again, so a figure is never lost.
var WAIT_VISIBLE_MS = 3000;
var renderer = null;  // a promise of JupyterLab plotly renderer's class, or of null

function rendererClass() {
  if (renderer) return renderer;
  var container = window._JUPYTERLAB && window._JUPYTERLAB["jupyterlab-plotly"];
  if (!container || typeof container.get !== "function") {
    return Promise.resolve(null);  // not (yet) on this page: asked again at the next scan
  } else {
    renderer = Promise.resolve(container.get("./mimeExtension")).then(function (factory) {
      var module = factory();
      return (module && module.RenderedPlotly) || null;
    }).catch(function () { return null; });
  }
  return renderer;
}

function plotlyOf(found) {
  var plotly = found && found.Plotly;
  return plotly && typeof plotly.react === "function" ? plotly : null;
}

function keyOf(element) {
  for (var i = 0; i < element.classList.length; i++) {
    if (/^bot-figure-\d+$/.test(element.classList[i])) return element.classList[i];
  }
  return null;
}

function partsOf(channel) {
  var key = keyOf(channel);
  var app = channel.closest(".back-on-track-app");
  if (!key || !app) return null;
  return {
    channel: channel,
    area: app.querySelector(".bot-figure-area." + key),
    button: app.querySelector(".bot-figure-in-place." + key),
  };
}

function plotIn(parts) {
  var plot = parts.area && parts.area.querySelector(".js-plotly-plot");
  return plot && plot._fullLayout ? plot : null;
}

function release(parts) {  // the kernel draws the next figure as a new output
  if (parts.button && parts.button.classList.contains("mod-active")) parts.button.click();
}

function whenVisible(plot, then) {
  var started = performance.now();
  (function check() {
    if (plot.offsetWidth > 0 || performance.now() - started > WAIT_VISIBLE_MS) then();
    else requestAnimationFrame(check);
  })();
}

// The course's template is the same in every figure: handing plotly the template it already
// has (the same object) spares Plotly.react comparing and re-applying it (about a fifth of a redraw).
function sameTemplate(plot, layout) {
  if (!layout.template || !plot.layout || !plot.layout.template) return;
  var text = JSON.stringify(layout.template);
  if (plot.__botTemplate === text) layout.template = plot.layout.template;
  else plot.__botTemplate = text;
}

function apply(parts) {
  var source = parts.channel.querySelector('script[type="text/plain"][data-figure]');
  if (!source) return;
  var token = keyOf(parts.channel) + ":" + source.getAttribute("data-figure");
  var plot = plotIn(parts);
  if (!plot || plot.__botFigure === token) return;  // no plot yet: a later scan draws it
  rendererClass().then(function (found) {
    var plotly = plotlyOf(found);
    if (!plotly) { release(parts); return; }
    var figure = JSON.parse(source.textContent);
    var layout = figure.layout || {};
    if (!layout.height) layout.height = 360;  // as the renderer does
    sameTemplate(plot, layout);
    plot.__botFigure = token;
    whenVisible(plot, function () {
      Promise.resolve(plotly.react(plot, figure.data || [], layout, figure.config || {})).catch(function (error) {
        console.warn("[back-on-track] redraw in place", error);
        release(parts);
      });
    });
  });
}

function watch(channel) {
  if (channel.__botWatched) return;
  channel.__botWatched = true;
  new MutationObserver(function () {
    var parts = partsOf(channel);
    if (parts) apply(parts);
  }).observe(channel, { subtree: true, childList: true, characterData: true });
}

course.addScan(function redraw(app) {
  app.querySelectorAll(".bot-figure-channel").forEach(function (channel) {
    watch(channel);
    var parts = partsOf(channel);
    if (!parts || !parts.button) return;
    apply(parts);  // a page opened again shows the figure the kernel sent last
    if (parts.button.classList.contains("mod-active") || !plotIn(parts)) return;
    rendererClass().then(function (found) {
      if (plotlyOf(found) && plotIn(parts) && !parts.button.classList.contains("mod-active")) parts.button.click();
    });
  });
});
