// Starts GOV.UK Frontend's components (error summary focus, service navigation menu, and so on).
// A module script from this service's own origin: the Content-Security-Policy allows no other.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
