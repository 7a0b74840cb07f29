// Draws every chart on the page from JSON data embedded with Django's json_script.
// No inline script: the Content Security Policy allows scripts from our origin only.
// Charts below the fold are drawn when they scroll into view. Each chart's data is
// also in a table on the page, so nothing is lost with JavaScript off.
//
// A chart is an image (role="img" with an aria-label) beside its data table, so it
// holds nothing that takes keyboard focus: no mode bar, no zoom or pan by drag.

function draw (container) {
  if (container.dataset.drawn) return
  const source = document.getElementById(container.dataset.chartSource)
  if (!source || !window.Plotly) return
  const figure = JSON.parse(source.textContent)
  container.dataset.drawn = 'true'
  container.classList.add('app-chart--drawn')
  window.Plotly.newPlot(container, figure.data, figure.layout, {
    responsive: true,
    displayModeBar: false
  })
}

const charts = document.querySelectorAll('[data-chart-source]')
if ('IntersectionObserver' in window) {
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        draw(entry.target)
        observer.unobserve(entry.target)
      }
    }
  }, { rootMargin: '200px' })
  charts.forEach((chart) => observer.observe(chart))
} else {
  charts.forEach(draw)
}

// Printing shows the whole page at once: draw the charts nobody scrolled to, and
// fit every chart to the printed page's width once the print layout applies.
window.addEventListener('beforeprint', () => charts.forEach(draw))
window.matchMedia('print').addEventListener('change', () => {
  charts.forEach((chart) => chart.dataset.drawn && window.Plotly.Plots.resize(chart))
})

// Forms marked data-autosubmit (e.g. the district picker) submit when a choice
// changes; their submit button stays for keyboard and no-JavaScript users.
document.querySelectorAll('form[data-autosubmit] select').forEach((select) => {
  select.addEventListener('change', () => select.form.requestSubmit())
})
