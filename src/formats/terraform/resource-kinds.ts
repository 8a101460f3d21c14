import type { ComponentKind } from "../../graph/model.js";

/**
 * What each Terraform resource type is to the graph. Adding a type is one line.
 *
 * Roles:
 * - `compute`, `store`, `broker`, `gateway`: a component of `kind`;
 * - `part`: merged into the component its `via` arguments (or any argument) reference (RDS cluster instance -> cluster);
 * - `definition`: merged into every component that references it (ECS task definition -> its service); with
 *   `startedBy`, a definition no other component uses but one of those types runs (directly or through a rendered
 *   template) is a component of `kind` of its own (a task a state machine or an event rule starts);
 * - `hop`: a reference to it stands for what its `via` arguments (or all arguments) reference (Lambda alias -> function);
 * - `identity`: IAM role, security group, service account: owned by the components that reference it;
 * - `policy`: grants the principals it names access to the components it names;
 * - `sg-rule`: a security-group rule between two groups;
 * - `listener`: a load-balancer listener (hop to its balancer, wiring to its target groups);
 * - `target-group`: stands for the components registered in it;
 * - `target-attachment`: registers a component in a target group;
 * - `wiring`: an explicit connection: every component `from` references calls every component `to` references
 *   (an event source points at the target it invokes); `more` lists further connections the same resource makes;
 * - `stage`: publishes an API (API Gateway stage, route, deployment);
 * - `public-access`: opens a component to anonymous callers (invoker `allUsers`, function URL without auth).
 * Types not listed are plumbing (VPCs, subnets, log groups, DNS, ...): neither components nor wiring.
 */
export type ResourceRole =
  | "compute"
  | "store"
  | "broker"
  | "gateway"
  | "part"
  | "definition"
  | "hop"
  | "identity"
  | "policy"
  | "sg-rule"
  | "listener"
  | "target-group"
  | "target-attachment"
  | "wiring"
  | "stage"
  | "public-access";

export interface ResourceKind {
  role: ResourceRole;
  kind?: ComponentKind;
  /** Arguments that lead to the owner (`part`, and components that merge into a parent) or through a `hop`. */
  via?: string[];
  /** `wiring`: arguments naming the callers and the callees. */
  from?: string[];
  to?: string[];
  /** Evidence rule id for `wiring`. */
  rule?: string;
  /** `wiring`: further connections written in the same resource (a failure destination besides the source). */
  more?: ReadonlyArray<{ rule: string; from: string[]; to: string[] }>;
  /**
   * A secret or parameter holder: it calls nothing, and whoever reads it calls what these arguments reference
   * (`value` of an SSM parameter, `secret_string` of a secret version). Empty when the values live in its parts.
   */
  secret?: string[];
  /** `definition`: resource types that start it as a task of its own rather than merging it (see above). */
  startedBy?: string[];
}

const service = (via?: string[]): ResourceKind => ({
  role: "compute",
  kind: "service",
  ...(via ? { via } : {}),
});
const datastore = (via?: string[]): ResourceKind => ({
  role: "store",
  kind: "datastore",
  ...(via ? { via } : {}),
});
const cache = (via?: string[]): ResourceKind => ({ role: "store", kind: "cache", ...(via ? { via } : {}) });
const queue = (via?: string[]): ResourceKind => ({ role: "broker", kind: "queue", ...(via ? { via } : {}) });
const gateway = (): ResourceKind => ({ role: "gateway", kind: "gateway" });
const part = (via?: string[]): ResourceKind => ({ role: "part", ...(via ? { via } : {}) });
const hop = (via?: string[]): ResourceKind => ({ role: "hop", ...(via ? { via } : {}) });
const wiring = (rule: string, from: string[], to: string[]): ResourceKind => ({
  role: "wiring",
  rule,
  from,
  to,
});
const role = (name: ResourceRole): ResourceKind => ({ role: name });
const secrets = (holder: ResourceKind, values: string[] = []): ResourceKind => ({
  ...holder,
  secret: values,
});

export const RESOURCE_KINDS: Readonly<Record<string, ResourceKind>> = {
  // AWS compute
  aws_instance: service(),
  aws_autoscaling_group: service(),
  aws_ecs_service: service(),
  // Step Functions (`arn:aws:states:::ecs:runTask`) and EventBridge targets (`ecs_target`) run a task definition
  // with no ECS service: the task is a component the caller starts.
  aws_ecs_task_definition: {
    role: "definition",
    startedBy: ["aws_sfn_state_machine", "aws_cloudwatch_event_target", "aws_scheduler_schedule"],
  },
  aws_launch_template: role("definition"),
  aws_launch_configuration: role("definition"),
  aws_lambda_function: service(),
  aws_lambda_alias: hop(["function_name"]),
  aws_eks_cluster: service(),
  aws_eks_node_group: part(["cluster_name"]),
  aws_eks_fargate_profile: part(["cluster_name"]),
  aws_apprunner_service: service(),
  aws_elastic_beanstalk_environment: service(),
  aws_sfn_state_machine: service(),
  aws_lightsail_instance: service(),
  aws_batch_job_queue: service(),
  // AWS datastores
  aws_db_instance: datastore(),
  aws_rds_cluster: datastore(),
  aws_rds_cluster_instance: part(["cluster_identifier"]),
  // A proxy in front of a database is a hop with calls on both sides: callers -> proxy -> database.
  aws_db_proxy: gateway(),
  aws_db_proxy_endpoint: hop(["db_proxy_name"]),
  aws_db_proxy_target: wiring(
    "terraform/db-proxy-target",
    ["db_proxy_name"],
    ["db_cluster_identifier", "db_instance_identifier"],
  ),
  aws_dynamodb_table: datastore(),
  aws_dynamodb_global_table: datastore(),
  aws_s3_bucket: datastore(),
  aws_docdb_cluster: datastore(),
  aws_docdb_cluster_instance: part(["cluster_identifier"]),
  aws_neptune_cluster: datastore(),
  aws_neptune_cluster_instance: part(["cluster_identifier"]),
  aws_redshift_cluster: datastore(),
  aws_redshiftserverless_workgroup: datastore(),
  aws_timestream_database: datastore(),
  aws_opensearch_domain: datastore(),
  aws_opensearchserverless_collection: datastore(),
  aws_elasticsearch_domain: datastore(),
  aws_efs_file_system: datastore(),
  aws_keyspaces_table: datastore(),
  aws_secretsmanager_secret: secrets(datastore()),
  aws_secretsmanager_secret_version: secrets(part(["secret_id"]), ["secret_string", "secret_binary"]),
  aws_ssm_parameter: secrets(datastore(), ["value", "insecure_value"]),
  // AWS caches
  aws_elasticache_replication_group: cache(),
  aws_elasticache_cluster: cache(["replication_group_id"]),
  aws_elasticache_serverless_cache: cache(),
  aws_memorydb_cluster: cache(),
  aws_dax_cluster: cache(),
  // AWS queues and streams
  aws_sqs_queue: queue(),
  aws_sns_topic: queue(),
  aws_kinesis_stream: queue(),
  aws_kinesis_firehose_delivery_stream: queue(),
  aws_msk_cluster: queue(),
  aws_msk_serverless_cluster: queue(),
  aws_mq_broker: queue(),
  aws_cloudwatch_event_bus: queue(),
  awscc_events_event_bus: queue(),
  aws_cloudwatch_event_rule: queue(["event_bus_name"]),
  // A schedule references the target it invokes, so its own references point the right way.
  aws_scheduler_schedule: queue(),
  // AWS gateways
  aws_lb: gateway(),
  aws_alb: gateway(),
  aws_elb: gateway(),
  aws_api_gateway_rest_api: gateway(),
  aws_apigatewayv2_api: gateway(),
  aws_cloudfront_distribution: gateway(),
  aws_appsync_graphql_api: gateway(),
  aws_globalaccelerator_accelerator: gateway(),
  // SES receives mail from the internet: a receipt rule set and its rules are a gateway calling what their actions
  // name (`sns_action`, `lambda_action`, `s3_action`); a rule merges into the rule set it names.
  aws_ses_receipt_rule_set: gateway(),
  aws_ses_receipt_rule: { role: "gateway", kind: "gateway", via: ["rule_set_name"] },
  // AWS wiring
  aws_lb_listener: { role: "listener", via: ["load_balancer_arn"] },
  aws_alb_listener: { role: "listener", via: ["load_balancer_arn"] },
  aws_lb_listener_rule: wiring("terraform/lb-listener-rule", ["listener_arn"], ["action"]),
  aws_alb_listener_rule: wiring("terraform/lb-listener-rule", ["listener_arn"], ["action"]),
  aws_lb_target_group: role("target-group"),
  aws_alb_target_group: role("target-group"),
  aws_lb_target_group_attachment: {
    role: "target-attachment",
    from: ["target_group_arn"],
    to: ["target_id"],
  },
  aws_alb_target_group_attachment: {
    role: "target-attachment",
    from: ["target_group_arn"],
    to: ["target_id"],
  },
  aws_autoscaling_attachment: {
    role: "target-attachment",
    from: ["lb_target_group_arn", "alb_target_group_arn"],
    to: ["autoscaling_group_name"],
  },
  // Event sources point at what they invoke (and deliver asynchronously: see `isEventDelivery`). Permissions (`aws_lambda_permission`, queue, topic and bucket
  // policies) only allow a call that some other resource makes: they are not calls and are not listed.
  aws_lambda_event_source_mapping: {
    ...wiring("terraform/event-source-mapping", ["event_source_arn"], ["function_name"]),
    more: [{ rule: "terraform/failure-destination", from: ["function_name"], to: ["destination_config"] }],
  },
  aws_sns_topic_subscription: wiring("terraform/sns-subscription", ["topic_arn"], ["endpoint"]),
  aws_cloudwatch_event_target: wiring(
    "terraform/eventbridge-target",
    ["rule", "event_bus_name"],
    ["arn", "ecs_target"],
  ),
  aws_pipes_pipe: wiring("terraform/eventbridge-pipe", ["source"], ["target"]),
  aws_s3_bucket_notification: wiring(
    "terraform/s3-notification",
    ["bucket"],
    ["lambda_function", "queue", "topic"],
  ),
  // An AppSync data source is what the API's resolvers call: a function, table, search domain, event bus or endpoint.
  aws_appsync_datasource: wiring(
    "terraform/appsync-datasource",
    ["api_id"],
    [
      "lambda_config",
      "dynamodb_config",
      "event_bridge_config",
      "http_config",
      "opensearchservice_config",
      "elasticsearch_config",
      "relational_database_config",
    ],
  ),
  aws_api_gateway_integration: wiring("terraform/apigateway-integration", ["rest_api_id"], ["uri"]),
  aws_apigatewayv2_integration: wiring("terraform/apigateway-integration", ["api_id"], ["integration_uri"]),
  aws_api_gateway_stage: role("stage"),
  aws_api_gateway_deployment: role("stage"),
  aws_apigatewayv2_stage: role("stage"),
  aws_apigatewayv2_route: role("stage"),
  // A function URL is the function's address: whoever reads it (a CDN origin) calls the function.
  aws_lambda_function_url: { role: "public-access", via: ["function_name"] },
  aws_eip: role("public-access"),
  aws_iam_role: role("identity"),
  aws_iam_instance_profile: { role: "identity", via: ["role"] },
  aws_security_group: role("identity"),
  aws_iam_role_policy: role("policy"),
  aws_iam_policy: role("policy"),
  aws_iam_role_policy_attachment: role("policy"),
  aws_iam_policy_attachment: role("policy"),
  "data.aws_iam_policy_document": role("policy"),
  // A rendered template (a state machine's definition) names what its `vars` reference.
  "data.template_file": hop(["vars"]),
  aws_security_group_rule: role("sg-rule"),
  aws_vpc_security_group_ingress_rule: role("sg-rule"),
  aws_vpc_security_group_egress_rule: role("sg-rule"),
  // GCP compute
  google_compute_instance: service(),
  google_compute_instance_template: role("definition"),
  google_compute_instance_group_manager: service(),
  google_compute_region_instance_group_manager: service(),
  google_cloud_run_service: service(),
  google_cloud_run_v2_service: service(),
  google_cloud_run_v2_job: service(),
  google_cloudfunctions_function: service(),
  google_cloudfunctions2_function: service(),
  google_workflows_workflow: service(),
  google_vertex_ai_endpoint: service(),
  // Vector Search: an index keeps vectors, an index endpoint serves the indexes deployed to it.
  google_vertex_ai_index: datastore(),
  google_vertex_ai_index_endpoint: gateway(),
  google_vertex_ai_index_endpoint_deployed_index: wiring(
    "terraform/deployed-index",
    ["index_endpoint"],
    ["index"],
  ),
  // An Eventarc trigger delivers the events its criteria match (a bucket's, a topic's) to its destination.
  google_eventarc_trigger: wiring(
    "terraform/event-trigger",
    ["matching_criteria", "transport"],
    ["destination"],
  ),
  google_container_cluster: service(),
  google_container_node_pool: part(["cluster"]),
  google_app_engine_standard_app_version: service(),
  google_app_engine_flexible_app_version: service(),
  // GCP datastores
  google_sql_database_instance: datastore(),
  google_sql_database: part(["instance"]),
  google_spanner_instance: datastore(),
  google_spanner_database: part(["instance"]),
  google_firestore_database: datastore(),
  google_bigtable_instance: datastore(),
  google_bigquery_dataset: datastore(),
  // A Document AI processor is an endpoint the application sends documents to, by its id.
  google_document_ai_processor: service(),
  google_bigquery_table: part(["dataset_id"]),
  google_storage_bucket: datastore(),
  google_alloydb_cluster: datastore(),
  google_alloydb_instance: part(["cluster"]),
  google_secret_manager_secret: secrets(datastore()),
  google_secret_manager_secret_version: secrets(part(["secret"]), ["secret_data"]),
  // GCP caches
  google_redis_instance: cache(),
  google_redis_cluster: cache(),
  google_memcache_instance: cache(),
  // GCP queues
  google_pubsub_topic: queue(),
  // A subscription is a queue: its consumers read the topic through it, and it calls what it delivers to (push
  // endpoint, BigQuery table, bucket, dead-letter topic) by reference, asynchronously as a queue's calls are
  google_pubsub_subscription: queue(),
  google_cloud_tasks_queue: queue(),
  // GCP gateways (a load balancer is its forwarding rule; the proxies, URL maps and backends lead to what it serves)
  google_compute_global_forwarding_rule: gateway(),
  google_compute_forwarding_rule: gateway(),
  google_compute_target_http_proxy: hop(),
  google_compute_target_https_proxy: hop(),
  google_compute_region_target_http_proxy: hop(),
  google_compute_region_target_https_proxy: hop(),
  google_compute_url_map: hop(),
  google_compute_region_url_map: hop(),
  google_compute_backend_service: hop(["backend"]),
  google_compute_region_backend_service: hop(["backend"]),
  google_compute_backend_bucket: hop(["bucket_name"]),
  google_compute_region_network_endpoint_group: hop(["cloud_run", "cloud_function", "app_engine"]),
  google_api_gateway_gateway: gateway(),
  // Firebase Hosting serves the site and forwards the paths its version rewrites to Cloud Run or Cloud Functions.
  google_firebase_hosting_site: gateway(),
  google_firebase_hosting_version: wiring("terraform/firebase-rewrite", ["site_id"], ["config"]),
  google_cloud_run_service_iam_member: role("public-access"),
  google_cloud_run_service_iam_binding: role("public-access"),
  google_cloud_run_v2_service_iam_member: role("public-access"),
  google_cloud_run_v2_service_iam_binding: role("public-access"),
  google_cloudfunctions_function_iam_member: role("public-access"),
  google_cloudfunctions_function_iam_binding: role("public-access"),
  google_cloudfunctions2_function_iam_member: role("public-access"),
  google_cloudfunctions2_function_iam_binding: role("public-access"),
  google_service_account: role("identity"),
  google_pubsub_topic_iam_member: role("policy"),
  google_pubsub_subscription_iam_member: role("policy"),
  google_storage_bucket_iam_member: role("policy"),
  google_secret_manager_secret_iam_member: role("policy"),
  // MongoDB Atlas (its own provider): the clusters applications connect to.
  mongodbatlas_cluster: datastore(),
  mongodbatlas_advanced_cluster: datastore(),
  mongodbatlas_serverless_instance: datastore(),
  mongodbatlas_flex_cluster: datastore(),
  // Azure compute
  azurerm_linux_web_app: service(),
  azurerm_windows_web_app: service(),
  azurerm_app_service: service(),
  azurerm_function_app: service(),
  azurerm_linux_function_app: service(),
  azurerm_windows_function_app: service(),
  azurerm_container_app: service(),
  azurerm_static_web_app: service(),
  azurerm_spring_cloud_app: service(),
  // Azure OpenAI and AI services accounts: apps call their endpoint; a model deployment is part of its account.
  azurerm_cognitive_account: service(),
  azurerm_cognitive_deployment: part(["cognitive_account_id"]),
  azurerm_container_group: service(),
  azurerm_linux_virtual_machine: service(),
  azurerm_windows_virtual_machine: service(),
  azurerm_virtual_machine: service(),
  azurerm_linux_virtual_machine_scale_set: service(),
  azurerm_windows_virtual_machine_scale_set: service(),
  azurerm_kubernetes_cluster: service(),
  azurerm_kubernetes_cluster_node_pool: part(["kubernetes_cluster_id"]),
  azurerm_service_plan: role("definition"),
  azurerm_app_service_plan: role("definition"),
  azurerm_application_insights: service(),
  // Azure datastores
  azurerm_cosmosdb_account: datastore(),
  azurerm_cosmosdb_sql_database: part(["account_name"]),
  azurerm_cosmosdb_mongo_database: part(["account_name"]),
  azurerm_mssql_server: datastore(),
  azurerm_mssql_database: part(["server_id"]),
  azurerm_sql_server: datastore(),
  azurerm_sql_database: part(["server_name"]),
  azurerm_postgresql_flexible_server: datastore(),
  azurerm_postgresql_flexible_server_database: part(["server_id"]),
  azurerm_postgresql_server: datastore(),
  azurerm_mysql_flexible_server: datastore(),
  azurerm_mysql_flexible_database: part(["server_name"]),
  azurerm_storage_account: datastore(),
  azurerm_search_service: datastore(),
  azurerm_app_configuration: datastore(),
  azurerm_mssql_managed_instance: datastore(),
  azurerm_cosmosdb_postgresql_cluster: datastore(),
  azurerm_key_vault: secrets(datastore()),
  azurerm_key_vault_secret: secrets(part(["key_vault_id"]), ["value"]),
  azurerm_log_analytics_workspace: datastore(),
  // Azure caches
  azurerm_redis_cache: cache(),
  azurerm_redis_enterprise_cluster: cache(),
  azurerm_redis_enterprise_database: part(["cluster_id"]),
  azurerm_managed_redis: cache(),
  // Azure queues
  azurerm_servicebus_namespace: queue(),
  azurerm_servicebus_queue: part(["namespace_id"]),
  azurerm_servicebus_topic: part(["namespace_id"]),
  azurerm_eventhub_namespace: queue(),
  azurerm_eventhub: part(["namespace_name", "namespace_id"]),
  azurerm_eventgrid_topic: queue(),
  azurerm_eventgrid_system_topic: queue(),
  // Azure gateways
  azurerm_application_gateway: gateway(),
  azurerm_frontdoor: gateway(),
  azurerm_cdn_frontdoor_profile: gateway(),
  azurerm_cdn_frontdoor_endpoint: part(["cdn_frontdoor_profile_id"]),
  azurerm_cdn_frontdoor_origin_group: part(["cdn_frontdoor_profile_id"]),
  azurerm_cdn_frontdoor_origin: wiring(
    "terraform/frontdoor-origin",
    ["cdn_frontdoor_origin_group_id"],
    ["host_name"],
  ),
  azurerm_api_management: gateway(),
  azurerm_api_management_api: part(["api_management_name"]),
  azurerm_lb: gateway(),
  azurerm_user_assigned_identity: role("identity"),
  azurerm_role_assignment: role("policy"),
  azurerm_key_vault_access_policy: role("policy"),
};

/** Registry and git modules that hold secrets or parameters: every argument may be a secret's value. */
export const SECRET_MODULE = /\b(secrets?-?manager|ssm-parameters?|parameter-store|key-?vault)\b/i;

/**
 * Registry and git module sources: the component kind a module's source plainly names, in order of precedence.
 * Build and deploy tooling (CodeBuild, CodePipeline, Cloud Build) is plumbing: it is not on any request's path.
 */
export const MODULE_KINDS: ReadonlyArray<readonly [RegExp, ComponentKind | "plumbing"]> = [
  [/\b(codebuild|codepipeline|codedeploy|cloud-?build|cloud-?deploy|ci-?cd|docker-build)\b/i, "plumbing"],
  // Azure Verified Modules name the resource they make, `avm-res-<provider>-<resource>`, in Azure's own words
  // (`dbforpostgresql-flexibleserver`, `network-applicationgateway`); `avm-utl-*` and the naming module are utilities.
  [/\bavm-utl-|(^|\/)naming\/azurerm\b/i, "plumbing"],
  // A module deploying a service behind its own balancer (`ecs-alb-service-task`) makes the service.
  [/\becs-alb-service-task\b/i, "service"],
  [
    /\bavm-res-(network-(applicationgateway|loadbalancer|frontdoor)|cdn-profile|apimanagement-service)\b/i,
    "gateway",
  ],
  [
    /\bavm-res-(network|managedidentity|authorization|resources|insights-diagnosticsetting|web-serverfarm|app-managedenvironment|containerregistry)\b/i,
    "plumbing",
  ],
  [
    /\bavm-res-(dbfor[a-z]+|storage|search|operationalinsights|appconfiguration|documentdb|sql|kusto)-/i,
    "datastore",
  ],
  [/\bavm-res-cache-/i, "cache"],
  [/\bavm-res-(servicebus|eventhub|eventgrid)-/i, "queue"],
  [
    /\b(vpc|network|subnet|iam|security-group|kms|acm|route53|dns|label|tags|ecs-cluster|cluster-autoscaler|project-factory|project_services|project-services)\b|\/ecr\b|ecr\/aws/i,
    "plumbing",
  ],
  [
    /\b(alb|elb|nlb|lb|load-balancer|api-?gateway|apigateway|cloudfront|front-?door|application-gateway|apim|api-management|rds-proxy|db-proxy|appsync|global-accelerator)\b/i,
    "gateway",
  ],
  [/\b(elasticache|redis|memcached|memorystore|valkey|memory-?db)\b/i, "cache"],
  [
    /\b(sqs|sns|kinesis|msk|kafka|eventbridge|pubsub|pub-sub|service-?bus|event-?hubs?|mq|rabbitmq)\b/i,
    "queue",
  ],
  [
    /\b(rds|rds-aurora|aurora|dynamodb|dynamodb-table|s3|s3-bucket|gcs|cloud-storage|sql-db|cloud-sql|sql|postgres(ql)?|mysql|spanner|firestore|cosmos(db)?|bigtable|documentdb|opensearch|elasticsearch|storage-account|key-?vault|efs|fsx|redshift|bigquery|alloy-?db|neptune|keyspaces|timestream)\b/i,
    "datastore",
  ],
  [
    /\b(ecs|lambda|eks|gke|aks|ec2|ec2-instance|autoscaling|asg|cloud-run|cloud-function|app-service|web-app|function-app|container-app|vm|compute-instance|kubernetes-engine|apprunner|beanstalk)\b/i,
    "service",
  ],
];

/** Provider name of a resource type (`aws_s3_bucket` -> `aws`). */
export function providerOf(type: string): string {
  const bare = type.startsWith("data.") ? type.slice(5) : type;
  return bare.split("_", 1)[0] ?? bare;
}

/**
 * Rules of calls an event source makes by handing an event over: a bucket notification, a stream or queue mapped
 * to a function, an EventBridge target or pipe, a topic subscription. Whatever the source's kind,
 * no request waits for the invoked target, so these calls are `async` and off request paths.
 */
const EVENT_DELIVERY_RULES = new Set([
  "terraform/s3-notification",
  "terraform/event-source-mapping",
  "terraform/eventbridge-target",
  "terraform/event-pattern",
  "terraform/event-trigger",
  "terraform/eventbridge-pipe",
  "terraform/sns-subscription",
]);

export function isEventDelivery(rule: string): boolean {
  return EVENT_DELIVERY_RULES.has(rule);
}
