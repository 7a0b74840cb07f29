// Draws every chart on the page from JSON data embedded with Django's json_script.
// No inline script: the Content Security Policy allows scripts from our origin only.
// Charts below the fold are drawn when they scroll into view. Each chart's data is
// also in a table on the page, so nothing is lost with JavaScript off.

function draw (container) {
  if (container.dataset.drawn) return
  const source = document.getElementById(container.dataset.chartSource)
  if (!source || !window.Plotly) return
  const figure = JSON.parse(source.textContent)
  container.dataset.drawn = 'true'
  container.classList.add('app-chart--drawn')
  window.Plotly.newPlot(container, figure.data, figure.layout, {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ['select2d', 'lasso2d']
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

// Forms marked data-autosubmit (e.g. the district picker) submit when a choice
// changes; their submit button stays for keyboard and no-JavaScript users.
document.querySelectorAll('form[data-autosubmit] select').forEach((select) => {
  select.addEventListener('change', () => select.form.requestSubmit())
})
