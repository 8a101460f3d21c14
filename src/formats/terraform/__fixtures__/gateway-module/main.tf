module "public_lb" {
  source  = "terraform-aws-modules/alb/aws"
  version = "~> 9.0"
  name    = "shop"
  listeners = {
    http = {
      port     = 80
      protocol = "HTTP"
    }
    https = {
      port     = 443
      protocol = "HTTPS"
    }
  }
}

module "private_lb" {
  source   = "terraform-aws-modules/alb/aws"
  name     = "admin"
  internal = true
}

module "maybe_private_lb" {
  source   = "terraform-aws-modules/alb/aws"
  name     = "reports"
  internal = var.internal
}

variable "internal" {
  type = bool
}

module "cdn" {
  source = "terraform-aws-modules/cloudfront/aws"
}

module "private_api" {
  source        = "terraform-aws-modules/apigateway-v2/aws"
  endpoint_type = "PRIVATE"
}
