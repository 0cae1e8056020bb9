// Stacked bar chart of events per period and type; data comes from a JSON block rendered by the server.
(function () {
  "use strict";
  var data = document.getElementById("timeline-data");
  var canvas = document.getElementById("timeline-chart");
  if (!data || !canvas) return;
  new Chart(canvas, {
    type: "bar",
    data: JSON.parse(data.textContent),
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
