export { createTeamsSurface, type TeamsSurface, type TeamsSurfaceOptions, type TeamsHealth } from './teams-surface';
export { TEAMS_MESSAGES_PATH } from './messages-route';
export { extractTeamsMessageText } from './card-text';
export { inertText } from './adaptive-text';
