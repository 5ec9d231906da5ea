import { FIXTURE_DIR } from './alert-post-fixtures';
import { describeAlertPostLibrary } from './alert-post-library-suite';

describeAlertPostLibrary('real alert posts through the Slack handlers', FIXTURE_DIR, { fixtures: 80, resolutions: 12, chatter: 10, grouped: 5 });
