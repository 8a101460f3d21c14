resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # Terraform copies the value in: the database never reads the secret itself.
  password = aws_secretsmanager_secret_version.db_password.secret_string
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  node_type            = "cache.t3.micro"
}

resource "aws_ssm_parameter" "db_host" {
  name  = "/shop/db_host"
  type  = "String"
  value = aws_db_instance.orders.address
}

resource "aws_secretsmanager_secret" "cache" {
  name = "shop/cache"
}

resource "aws_secretsmanager_secret_version" "cache" {
  secret_id     = aws_secretsmanager_secret.cache.id
  secret_string = jsonencode({ host = aws_elasticache_replication_group.sessions.primary_endpoint_address })
}

resource "aws_secretsmanager_secret" "db_password" {
  name = "shop/db_password"
}

resource "aws_secretsmanager_secret_version" "db_password" {
  secret_id     = aws_secretsmanager_secret.db_password.id
  secret_string = "generated elsewhere"
}

data "aws_secretsmanager_secret" "github" {
  name = "shop/github"
}

resource "aws_ecs_task_definition" "shop" {
  family = "shop"
  cpu    = 256
  memory = 512
  container_definitions = jsonencode([{
    name  = "shop"
    image = "shop:1"
    secrets = [
      { name = "DB_HOST", valueFrom = aws_ssm_parameter.db_host.arn },
      { name = "CACHE", valueFrom = aws_secretsmanager_secret.cache.arn },
      { name = "GITHUB_TOKEN", valueFrom = data.aws_secretsmanager_secret.github.arn },
    ]
  }])
}

resource "aws_ecs_service" "shop" {
  name            = "shop"
  task_definition = aws_ecs_task_definition.shop.arn
  desired_count   = 2
}

# Named after the shop and tagged with it: naming, not calling.
resource "aws_lambda_function" "report" {
  function_name = "${aws_ecs_service.shop.name}-report"
  description   = "Reports for ${aws_ecs_service.shop.name}"
  role          = aws_iam_role.report.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  tags = {
    service = aws_ecs_service.shop.name
  }
}

resource "aws_iam_role" "report" {
  name = "report"
}

# Build tooling reaches the service's address while deploying; it is not on a request's path.
module "build" {
  source        = "cloudposse/codebuild/aws"
  iam_role_name = "${aws_ecs_service.shop.name}-build"
  environment_variables = [
    { name = "DB", value = aws_db_instance.orders.address },
  ]
}
