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
  family = "shop-api"
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

# Customers in North America: a read replica of the database beside them, in a second region.
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_db_instance" "replica_us" {
  provider            = aws.us
  identifier          = "shop-db-us"
  replicate_source_db = aws_db_instance.main.arn
  instance_class      = "db.t3.medium"
}
