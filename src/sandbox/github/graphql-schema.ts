/**
 * The subset of GitHub's public GraphQL schema (https://docs.github.com/graphql) the sandbox serves.
 * Type, field, enum and argument names follow GitHub's schema; fields not listed are simply unavailable.
 */
export const GITHUB_SDL = /* GraphQL */ `
  scalar DateTime
  scalar URI

  type Query {
    organization(login: String!): Organization
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
    rateLimit(dryRun: Boolean = false): RateLimit
    viewer: User!
  }

  type RateLimit {
    cost: Int!
    limit: Int!
    nodeCount: Int!
    remaining: Int!
    resetAt: DateTime!
    used: Int!
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  interface Actor {
    login: String!
    url: URI!
  }
  type User implements Actor {
    login: String!
    url: URI!
    databaseId: Int
  }
  type Bot implements Actor {
    login: String!
    url: URI!
    databaseId: Int
  }
  type Organization implements Actor {
    login: String!
    url: URI!
    databaseId: Int
  }
  type Team {
    name: String!
    slug: String!
  }
  type App {
    name: String!
    slug: String!
  }

  enum RepositoryVisibility {
    INTERNAL
    PRIVATE
    PUBLIC
  }
  enum RepositoryPermission {
    ADMIN
    MAINTAIN
    READ
    TRIAGE
    WRITE
  }
  enum CollaboratorAffiliation {
    ALL
    DIRECT
    OUTSIDE
  }
  enum PullRequestState {
    CLOSED
    MERGED
    OPEN
  }
  enum PullRequestReviewState {
    APPROVED
    CHANGES_REQUESTED
    COMMENTED
    DISMISSED
    PENDING
  }
  enum IssueOrderField {
    COMMENTS
    CREATED_AT
    UPDATED_AT
  }
  enum OrderDirection {
    ASC
    DESC
  }
  input IssueOrder {
    direction: OrderDirection!
    field: IssueOrderField!
  }

  type Repository {
    databaseId: Int
    name: String!
    nameWithOwner: String!
    url: URI!
    isArchived: Boolean!
    visibility: RepositoryVisibility!
    viewerPermission: RepositoryPermission
    hasVulnerabilityAlertsEnabled: Boolean!
    defaultBranchRef: Ref
    collaborators(
      affiliation: CollaboratorAffiliation
      after: String
      before: String
      first: Int
      last: Int
      login: String
      query: String
    ): RepositoryCollaboratorConnection
    pullRequest(number: Int!): PullRequest
    ruleset(databaseId: Int!, includeParents: Boolean = true): RepositoryRuleset
    pullRequests(
      after: String
      baseRefName: String
      before: String
      first: Int
      headRefName: String
      labels: [String!]
      last: Int
      orderBy: IssueOrder
      states: [PullRequestState!]
    ): PullRequestConnection!
  }

  type Ref {
    name: String!
    prefix: String!
    branchProtectionRule: BranchProtectionRule
    rules(after: String, before: String, first: Int, last: Int): RepositoryRuleConnection
  }

  type BranchProtectionRule {
    pattern: String!
    allowsDeletions: Boolean!
    allowsForcePushes: Boolean!
    dismissesStaleReviews: Boolean!
    isAdminEnforced: Boolean!
    requireLastPushApproval: Boolean!
    requiredApprovingReviewCount: Int
    requiresApprovingReviews: Boolean!
    requiresCodeOwnerReviews: Boolean!
    requiresStatusChecks: Boolean!
    requiredStatusCheckContexts: [String]
    bypassPullRequestAllowances(after: String, before: String, first: Int, last: Int): BypassPullRequestAllowanceConnection!
  }

  type BypassPullRequestAllowanceConnection {
    nodes: [BypassPullRequestAllowance]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type BypassPullRequestAllowance {
    actor: BranchActorAllowanceActor
  }
  union BranchActorAllowanceActor = App | Team | User

  enum RepositoryRuleType {
    BRANCH_NAME_PATTERN
    COMMIT_AUTHOR_EMAIL_PATTERN
    COMMIT_MESSAGE_PATTERN
    COMMITTER_EMAIL_PATTERN
    CREATION
    DELETION
    MERGE_QUEUE
    NON_FAST_FORWARD
    PULL_REQUEST
    REQUIRED_DEPLOYMENTS
    REQUIRED_LINEAR_HISTORY
    REQUIRED_SIGNATURES
    REQUIRED_STATUS_CHECKS
    TAG_NAME_PATTERN
    UPDATE
    WORKFLOWS
    CODE_SCANNING
  }
  enum RuleEnforcement {
    ACTIVE
    DISABLED
    EVALUATE
  }
  enum RepositoryRulesetBypassActorBypassMode {
    ALWAYS
    EXEMPT
    PULL_REQUEST
  }

  type RepositoryRuleConnection {
    nodes: [RepositoryRule]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type RepositoryRule {
    type: RepositoryRuleType!
    parameters: RuleParameters
    repositoryRuleset: RepositoryRuleset
  }
  type PullRequestParameters {
    dismissStaleReviewsOnPush: Boolean!
    requireCodeOwnerReview: Boolean!
    requireLastPushApproval: Boolean!
    requiredApprovingReviewCount: Int!
    requiredReviewThreadResolution: Boolean!
  }
  type StatusCheckConfiguration {
    context: String!
    integrationId: Int
  }
  type RequiredStatusChecksParameters {
    requiredStatusChecks: [StatusCheckConfiguration!]!
    strictRequiredStatusChecksPolicy: Boolean!
  }
  union RuleParameters = PullRequestParameters | RequiredStatusChecksParameters
  union RuleSource = Organization | Repository

  type RepositoryRuleset {
    databaseId: Int
    name: String!
    enforcement: RuleEnforcement!
    source: RuleSource!
    bypassActors(after: String, before: String, first: Int, last: Int): RepositoryRulesetBypassActorConnection
  }
  type RepositoryRulesetBypassActorConnection {
    nodes: [RepositoryRulesetBypassActor]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type RepositoryRulesetBypassActor {
    actor: BypassActor
    bypassMode: RepositoryRulesetBypassActorBypassMode
    deployKey: Boolean!
    organizationAdmin: Boolean!
    repositoryRoleName: String
  }
  union BypassActor = App | Team

  type RepositoryCollaboratorConnection {
    edges: [RepositoryCollaboratorEdge]
    nodes: [User]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type RepositoryCollaboratorEdge {
    cursor: String!
    node: User!
    permission: RepositoryPermission!
  }

  type PullRequestConnection {
    nodes: [PullRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type PullRequest {
    number: Int!
    title: String!
    url: URI!
    author: Actor
    baseRefName: String!
    merged: Boolean!
    mergedAt: DateTime
    mergedBy: Actor
    updatedAt: DateTime!
    reviews(after: String, author: String, before: String, first: Int, last: Int, states: [PullRequestReviewState!]): PullRequestReviewConnection
  }
  type PullRequestReviewConnection {
    nodes: [PullRequestReview]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type PullRequestReview {
    author: Actor
    state: PullRequestReviewState!
    submittedAt: DateTime
    url: URI!
  }
`;
