/** A small requirements.md and tasks.md that fit together. */
export const REQUIREMENTS = `# Requirements

### Requirement 1: Sign in
1. WHEN the user submits valid credentials THE SYSTEM SHALL start a session
2. IF the password is wrong THEN THE SYSTEM SHALL say so

### Requirement 2: Sign out
1. THE SYSTEM SHALL offer sign-out on every page
`;

export const TASKS = `# Tasks

- [ ] 1. Data model
  - [ ] 1.1 Migration
    _Requirements: 1.1_
  - [ ] 1.2 Repository
    _Requirements: 1.2_
    _Depends: 1.1_
- [ ] 2. Sign-in API
  _Depends: 1_
  _Requirements: 1_
`;
