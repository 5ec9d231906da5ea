import { EXTRA_FIXTURE_DIR } from './alert-post-fixtures';
import { describeAlertPostLibrary } from './alert-post-library-suite';

// The held-out library: other templates, versions and variants of the same tools, scored the same way.
describeAlertPostLibrary('more real alert posts (held-out library) through the Slack handlers', EXTRA_FIXTURE_DIR, {
  fixtures: 60,
  resolutions: 10,
  chatter: 12,
  grouped: 5,
});
