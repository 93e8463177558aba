/**
 * The starter vendor register `soc2 init` writes. AWS, GitHub and Okta are subservice organisations of anyone
 * using this tool: their controls (data centres, the platforms' own access control) are carved out of the report and
 * relied on through their SOC 2 reports, and each expects controls of its customers (CUECs), mapped here to the
 * library's controls. Dates and report files are left for the user to fill in: until then the vendor checks fail.
 */
export const STARTER_REGISTER = `# Vendor register (sources.vendors.register). Schema: schemas/vendors.schema.json. One entry per third party
# that handles your data or runs part of your system. Fill in the review dates and assurance reports (the report
# files live in the documents folder). CUECs paraphrase the providers' reports: check them against the reports you get.
vendors:
  - vendor: Amazon Web Services
    purpose: Cloud hosting (compute, storage, databases, networking)
    dataCategories: [customer data, logs, backups]
    criticality: critical
    owner: security@example.com
    subservice: true
    # lastReviewDate: 2026-01-15
    # assurance: { kind: soc2-type2, periodEnd: 2026-03-31, bridgeLetterDate: 2026-06-30, file: vendors/aws-soc2.pdf }
    cuecs:
      - { id: AWS-CUEC-1, text: "Customers manage their IAM users, roles and credentials and protect the root user with MFA", control: IAM-01 }
      - { id: AWS-CUEC-2, text: "Customers grant least-privilege permissions to their principals", control: IAM-06 }
      - { id: AWS-CUEC-3, text: "Customers enable and monitor logging of their account activity", control: LOG-01 }
      - { id: AWS-CUEC-4, text: "Customers configure encryption and access to their data stores", control: S3-02 }
    aliases: [AWS, amazon]
  - vendor: GitHub
    purpose: Source code hosting, code review and CI
    dataCategories: [source code, secrets scanning results]
    criticality: critical
    owner: security@example.com
    subservice: true
    # lastReviewDate: 2026-01-15
    # assurance: { kind: soc2-type2, periodEnd: 2026-03-31, file: vendors/github-soc2.pdf }
    cuecs:
      - { id: GH-CUEC-1, text: "Customers require two-factor authentication for their members", control: GH-ORG-01 }
      - { id: GH-CUEC-2, text: "Customers restrict organisation and repository access to authorised users", control: GH-ORG-03 }
      - { id: GH-CUEC-3, text: "Customers configure branch protection and review of changes", control: GH-REPO-01 }
    domains: [github.com]
  - vendor: Okta
    purpose: Workforce identity and single sign-on
    dataCategories: [employee identities, authentication logs]
    criticality: critical
    owner: security@example.com
    subservice: true
    # lastReviewDate: 2026-01-15
    # assurance: { kind: soc2-type2, periodEnd: 2026-03-31, file: vendors/okta-soc2.pdf }
    cuecs:
      - { id: OKTA-CUEC-1, text: "Customers configure sign-on and MFA policies for their users", control: OKTA-MFA-01 }
      - { id: OKTA-CUEC-2, text: "Customers deprovision users who no longer need access", control: OKTA-LIFE-01 }
      - { id: OKTA-CUEC-3, text: "Customers restrict administrator roles to authorised personnel", control: OKTA-ADM-01 }
    domains: [okta.com]
`;
