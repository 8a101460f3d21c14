provider "aws" {
  region = "eu-west-1"
}

variable "api_replicas" {
  default = 2
}

resource "aws_security_group" "alb" {
  name = "shop-alb"
}

resource "aws_security_group" "api" {
  name = "shop-api"
  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_security_group" "db" {
  name = "shop-db"
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.api.id]
  }
}

resource "aws_lb" "web" {
  name               = "shop-web"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "api" {
  name        = "shop-api"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

resource "aws_ecs_task_definition" "api" {
  family        = "shop-api"
  task_role_arn = aws_iam_role.api.arn
  cpu    = "512"
  memory = "1024"
  container_definitions = jsonencode([{
    name  = "api"
    image = "shop/api:1.4"
    environment = [
      { name = "DATABASE_HOST", value = aws_db_instance.main.address },
    ]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "shop-api"
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = var.api_replicas
  network_configuration {
    security_groups = [aws_security_group.api.id]
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = 8080
  }
}

resource "aws_db_instance" "main" {
  identifier             = "shop-db"
  engine                 = "postgres"
  instance_class         = "db.t3.medium"
  allocated_storage      = 50
  vpc_security_group_ids = [aws_security_group.db.id]
}

# Sign-in moves into its own service behind the same load balancer.
resource "aws_lb_target_group" "auth" {
  name        = "shop-auth"
  port        = 9000
  protocol    = "HTTP"
  target_type = "ip"
}

resource "aws_lb_listener_rule" "auth" {
  listener_arn = aws_lb_listener.https.arn
  condition {
    path_pattern {
      values = ["/auth/*"]
    }
  }
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.auth.arn
  }
}

resource "aws_ecs_task_definition" "auth" {
  family = "shop-auth"
  cpu    = "256"
  memory = "512"
  container_definitions = jsonencode([{
    name  = "auth"
    image = "shop/auth:1.0"
    environment = [
      { name = "SESSION_CACHE", value = "${aws_elasticache_replication_group.sessions.primary_endpoint_address}:6379" },
    ]
  }])
}

resource "aws_ecs_service" "auth" {
  name            = "shop-auth"
  task_definition = aws_ecs_task_definition.auth.arn
  desired_count   = 2
  load_balancer {
    target_group_arn = aws_lb_target_group.auth.arn
    container_name   = "auth"
    container_port   = 9000
  }
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "shop-sessions"
  description          = "session cache"
  node_type            = "cache.t3.small"
  num_cache_clusters   = 2
}

# Orders are sent to a queue; a worker function stores them.
resource "aws_sqs_queue" "orders" {
  name = "shop-orders"
}

resource "aws_iam_role" "api" {
  name               = "shop-api-task"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "api_send" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.orders.arn]
  }
}

resource "aws_iam_role_policy" "api_send" {
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api_send.json
}

resource "aws_lambda_function" "worker" {
  function_name = "shop-order-worker"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  memory_size   = 512
  environment {
    variables = {
      DATABASE_HOST = aws_db_instance.main.address
    }
  }
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.worker.arn
}
