// Progressive enhancements only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to a form's error summary so that screen reader users hear it first.
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
